import type { Metadata } from "next";
import Link from "next/link";
import { requireBackOffice } from "../_components/access";
import { DataTable, type Column } from "../_components/data-table";
import { EmptyState } from "../_components/empty-state";
import { FilterCheckbox, FilterSelect, ListFilters, SearchBox } from "../_components/list-filters";
import { Money } from "../_components/money";
import { PageHeader } from "../_components/page-header";
import { PagePagination } from "../_components/pagination";
import { StatusBadge } from "../_components/status-badge";
import { hrefWith, oneOf, param, type SearchParams } from "../_components/url-state";
import { formatDate } from "../../../lib/format";
import { serverApi } from "../../../trpc/server";
import { flattenCategories } from "./_lib/categories";
import { formatMajor, parseMajor } from "./_lib/price-input";
import { productStatusTone, PRODUCT_STATUS_LABEL } from "./_lib/status";

export const metadata: Metadata = { title: "Products" };

const SORTS = [
  { value: "newest", label: "Newest first" },
  { value: "oldest", label: "Oldest first" },
  { value: "name", label: "Name A–Z" },
  { value: "price_asc", label: "Price, low to high" },
  { value: "price_desc", label: "Price, high to low" },
  { value: "stock_asc", label: "Stock, lowest first" },
  { value: "updated", label: "Recently edited" },
] as const;
type Sort = (typeof SORTS)[number]["value"];
const STATUSES = ["active", "draft", "archived"] as const;
const PAGE_SIZE = 20;

export default async function AdminProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const user = await requireBackOffice(hrefWith("/admin/products", params));
  const api = await serverApi();

  const q = param(params, "q");
  const status = oneOf(params, "status", STATUSES);
  const sort = oneOf<Sort>(params, "sort", SORTS.map((s) => s.value), "newest");
  const lowStock = param(params, "lowStock") === "1";
  const categoryId = param(params, "categoryId");
  const minPrice = parseMajor(param(params, "minPrice"));
  const maxPrice = parseMajor(param(params, "maxPrice"));
  const page = Math.max(1, Math.min(100_000, Number.parseInt(param(params, "page") ?? "1", 10) || 1));
  const priceProblem = Number.isNaN(minPrice) || Number.isNaN(maxPrice);

  const [list, categories] = await Promise.all([
    api.admin.products.list({
      q,
      status: status ?? "all",
      sort,
      lowStock: lowStock || undefined,
      categoryId: categoryId && /^[0-9a-f-]{36}$/i.test(categoryId) ? categoryId : undefined,
      minPrice: Number.isNaN(minPrice) ? undefined : minPrice,
      maxPrice: Number.isNaN(maxPrice) ? undefined : maxPrice,
      page,
      limit: PAGE_SIZE,
    }),
    api.catalog.categories(),
  ]);
  const categoryOptions = flattenCategories(categories.items).map((c) => ({ value: c.id, label: c.label }));
  type Item = (typeof list.items)[number];
  const isAdmin = user.role === "admin";
  const exportHref = hrefWith("/admin/products/export", { q, status, lowStock: lowStock ? "1" : undefined, categoryId, minPrice: param(params, "minPrice"), maxPrice: param(params, "maxPrice") });

  const columns: Column<Item>[] = [
    {
      key: "image",
      header: <span className="visually-hidden">Image</span>,
      label: "Image",
      hideOnPhone: true,
      cell: (p) => (p.imageUrl ? <img className="thumb" src={p.imageUrl} alt="" width={44} height={44} loading="lazy" /> : <span className="muted small">No image</span>),
    },
    {
      key: "name",
      header: "Product",
      rowHeader: true,
      cell: (p) => (
        <>
          <Link href={`/admin/products/${p.id}`}>{p.name}</Link>
          <div className="muted small col-optional-text">/{p.slug}</div>
        </>
      ),
    },
    { key: "status", header: "Status", cell: (p) => <StatusBadge tone={productStatusTone(p.status)}>{PRODUCT_STATUS_LABEL[p.status]}</StatusBadge> },
    { key: "category", header: "Category", cell: (p) => p.category?.name ?? <span className="muted">—</span> },
    {
      key: "price",
      header: "Price",
      numeric: true,
      cell: (p) =>
        p.variantCount === 0 ? (
          <span className="muted">—</span>
        ) : p.priceRange.min === p.priceRange.max ? (
          <Money minor={p.priceRange.min} currency={p.currency} />
        ) : (
          <>
            <Money minor={p.priceRange.min} currency={p.currency} /> – <Money minor={p.priceRange.max} currency={p.currency} />
          </>
        ),
    },
    {
      key: "stock",
      header: "Stock",
      numeric: true,
      cell: (p) => (
        <>
          {p.stock}
          {p.lowStockVariants > 0 && (
            <span className="stock-flag">
              <StatusBadge tone="warn">
                <span aria-hidden="true">{p.lowStockVariants} low</span>
                <span className="visually-hidden">{p.lowStockVariants === 1 ? "1 variant low on stock" : `${p.lowStockVariants} variants low on stock`}</span>
              </StatusBadge>
            </span>
          )}
        </>
      ),
    },
    { key: "variants", header: "Variants", numeric: true, optional: true, cell: (p) => p.variantCount },
    { key: "updated", header: "Edited", optional: true, cell: (p) => <span className="nowrap">{formatDate(p.updatedAt)}</span> },
  ];

  const filtered = Boolean(q || status || lowStock || categoryId || minPrice !== undefined || maxPrice !== undefined);
  return (
    <>
      <PageHeader
        title="Products"
        actions={
          isAdmin && (
            <>
              <Link href="/admin/products/new" className="button">
                New product
              </Link>
              <Link href="/admin/products/import" className="button secondary">
                Import CSV
              </Link>
              <a href={exportHref} className="button secondary" download>
                Export CSV
              </a>
            </>
          )
        }
      />
      <ListFilters path="/admin/products" params={params} fields={["q", "status", "categoryId", "lowStock", "minPrice", "maxPrice", "sort"]} label="Filter products">
        <SearchBox params={params} label="Search" placeholder="Name, slug or SKU" />
        <FilterSelect params={params} name="status" label="Status" options={STATUSES.map((s) => ({ value: s, label: PRODUCT_STATUS_LABEL[s] }))} />
        <FilterSelect params={params} name="categoryId" label="Category" options={categoryOptions} />
        <label className="admin-price">
          Min price
          <input name="minPrice" inputMode="decimal" defaultValue={minPrice !== undefined && !Number.isNaN(minPrice) ? formatMajor(minPrice) : ""} maxLength={12} />
        </label>
        <label className="admin-price">
          Max price
          <input name="maxPrice" inputMode="decimal" defaultValue={maxPrice !== undefined && !Number.isNaN(maxPrice) ? formatMajor(maxPrice) : ""} maxLength={12} />
        </label>
        <FilterSelect params={params} name="sort" label="Sort" options={SORTS} anyLabel={null} fallback="newest" />
        <FilterCheckbox params={params} name="lowStock" label="Low stock only" />
      </ListFilters>
      {priceProblem && (
        <p className="alert" role="alert">
          A price filter was not an amount (e.g. 12.50) and was ignored.
        </p>
      )}
      <p className="muted small admin-count" role="status">
        {list.total === 1 ? "1 product" : `${list.total} products`}
        {list.pageCount > 1 && `, page ${list.page} of ${list.pageCount}`}
      </p>
      <DataTable
        caption="Products"
        captionHidden
        columns={columns}
        rows={list.items}
        rowKey={(p) => p.id}
        empty={
          <EmptyState
            title={filtered ? "No products match these filters" : "No products yet"}
            action={filtered ? <Link href="/admin/products">Clear the filters</Link> : isAdmin ? <Link href="/admin/products/new">Create the first product</Link> : undefined}
          >
            {filtered ? "Try another search or fewer filters." : "Products you create or import appear here."}
          </EmptyState>
        }
      />
      <PagePagination path="/admin/products" params={params} page={list.page} pageCount={list.pageCount} />
    </>
  );
}

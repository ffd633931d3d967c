import type { Metadata } from "next";
import Link from "next/link";
import { requireBackOffice } from "../_components/access";
import { DataTable, type Column } from "../_components/data-table";
import { EmptyState } from "../_components/empty-state";
import { FilterSelect, ListFilters } from "../_components/list-filters";
import { PageHeader } from "../_components/page-header";
import { cursorState, Pagination } from "../_components/pagination";
import { StatusBadge } from "../_components/status-badge";
import { hrefWith, oneOf, param, type SearchParams } from "../_components/url-state";
import { formatDate, formatDateTime, stars } from "../../../lib/format";
import { serverApi } from "../../../trpc/server";
import { FilterField, FilterIssues } from "../orders/_lib/filter-field";
import { withInputIssues } from "../orders/_lib/input-issues";
import { ReviewModeration } from "./review-moderation";
import "../orders/_lib/orders.css";

export const metadata: Metadata = { title: "Reviews" };

const PATH = "/admin/reviews";
const PAGE_SIZE = 25;
const FIELDS = ["q", "rating", "hidden", "productId"] as const;
const LABELS: Record<string, string> = { q: "Search", rating: "Rating", hidden: "Shown", productId: "Product", cursor: "Page" };
const RATINGS = ["5", "4", "3", "2", "1"] as const;

export default async function AdminReviewsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  await requireBackOffice(hrefWith(PATH, params), { adminOnly: true });
  const api = await serverApi();
  const { cursor } = cursorState(params);
  const rating = oneOf(params, "rating", RATINGS);
  const productId = param(params, "productId");
  const { data: list, issues } = await withInputIssues(() =>
    api.admin.reviews.list({
      q: param(params, "q"),
      rating: rating ? Number(rating) : undefined,
      hidden: oneOf(params, "hidden", ["true", "false"] as const),
      productId,
      limit: PAGE_SIZE,
      cursor,
    }),
  );

  type Item = NonNullable<typeof list>["items"][number];
  const label = (r: Item) => `the review by ${r.author.name ?? r.author.phone} of ${r.productName}`;
  const columns: Column<Item>[] = [
    {
      key: "review",
      header: "Review",
      rowHeader: true,
      cell: (r) => (
        <>
          <span aria-hidden="true">{stars(r.rating)}</span>
          <span className="visually-hidden">{r.rating} out of 5</span> {r.title ?? <span className="muted">No title</span>}
          {r.comment && <p className="admin-review-text small">{r.comment}</p>}
        </>
      ),
    },
    {
      key: "product",
      header: "Product",
      cell: (r) => (
        <>
          <Link href={`/products/${r.productSlug}`}>{r.productName}</Link>
          <div className="small">
            <Link href={hrefWith(PATH, { productId: r.productId })}>Its reviews</Link>
          </div>
        </>
      ),
    },
    {
      key: "author",
      header: "Author",
      cell: (r) => (
        <>
          <Link href={`/admin/customers/${r.author.id}`}>{r.author.name ?? r.author.phone}</Link>
          {r.verifiedPurchase && <div className="muted small">Verified purchase</div>}
        </>
      ),
    },
    { key: "date", header: "Written", cell: (r) => formatDate(r.createdAt) },
    {
      key: "state",
      header: "Shown",
      cell: (r) =>
        r.hiddenAt ? (
          <>
            <StatusBadge tone="bad">Hidden</StatusBadge>
            <div className="muted small">
              {formatDateTime(r.hiddenAt)}
              {r.hiddenReason ? `: ${r.hiddenReason}` : ""}
            </div>
          </>
        ) : (
          <StatusBadge tone="ok">Shown</StatusBadge>
        ),
    },
    { key: "actions", header: <span className="visually-hidden">Actions</span>, label: "Actions", cell: (r) => <ReviewModeration reviewId={r.id} label={label(r)} hidden={Boolean(r.hiddenAt)} /> },
  ];
  const filtered = FIELDS.some((f) => param(params, f) !== undefined);

  return (
    <>
      <PageHeader title="Reviews" description="Hide a review to take it off the product page and out of its rating; restore it to show it again." />
      <ListFilters path={PATH} params={params} fields={FIELDS} label="Filter reviews">
        <FilterField params={params} name="q" label="Search" issues={issues} type="search" placeholder="Title, text or author" maxLength={120} className="admin-search" />
        <FilterSelect params={params} name="rating" label="Rating" options={RATINGS.map((r) => ({ value: r, label: `${r} ${r === "1" ? "star" : "stars"}` }))} />
        <FilterSelect
          params={params}
          name="hidden"
          label="Shown"
          options={[
            { value: "false", label: "Shown in the shop" },
            { value: "true", label: "Hidden" },
          ]}
        />
        {productId && <input type="hidden" name="productId" value={productId} />}
      </ListFilters>
      {productId && list?.items[0] && (
        <p className="muted small">
          Reviews of {list.items[0].productName} only. <Link href={hrefWith(PATH, { ...params, productId: undefined, cursor: undefined, prev: undefined })}>All products</Link>
        </p>
      )}
      <FilterIssues issues={issues} labels={LABELS} />
      {list && (
        <>
          <DataTable
            caption="Reviews"
            captionHidden
            columns={columns}
            rows={list.items}
            rowKey={(r) => r.id}
            empty={
              <EmptyState title={filtered ? "No review matches" : "No reviews yet"} action={filtered ? <Link href={PATH}>Show all reviews</Link> : undefined}>
                {filtered ? "Try fewer filters." : "Reviews customers write appear here."}
              </EmptyState>
            }
          />
          <Pagination path={PATH} params={params} nextCursor={list.nextCursor} summary={list.total === 1 ? "1 review" : `${list.total} reviews`} />
        </>
      )}
    </>
  );
}

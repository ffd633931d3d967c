import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { deps } from "@shop/server";
import { requireBackOffice } from "../../_components/access";
import { Money } from "../../_components/money";
import { PageHeader } from "../../_components/page-header";
import { StatusBadge } from "../../_components/status-badge";
import { serverApi } from "../../../../trpc/server";
import { flattenCategories } from "../_lib/categories";
import { PRODUCT_STATUS_LABEL, productStatusTone } from "../_lib/status";
import { ArchiveControl } from "./archive-control";
import { ImagesPanel } from "./images-panel";
import { ProductFieldsForm } from "./product-fields-form";
import { StockPanel } from "./stock-panel";
import { VariantsEditor } from "./variants-editor";

export const metadata: Metadata = { title: "Edit product" };

const LOW_STOCK = 5;

async function loadProduct(id: string) {
  const api = await serverApi();
  try {
    return await api.admin.products.byId({ id });
  } catch (error) {
    // A malformed id is a 400 from the API; for a page both are simply "no such product".
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}

/**
 * One product: details, options and variants, images and archive (admins); stock adjustments (admins and staff,
 * who see the rest read-only).
 */
export default async function AdminProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireBackOffice(`/admin/products/${id}`);
  const product = await loadProduct(id);
  const isAdmin = user.role === "admin";
  const api = await serverApi();
  const [categories, images] = isAdmin ? await Promise.all([api.admin.categories.tree({}), api.admin.images.list({ id })]) : [null, null];
  const archived = product.status === "archived";

  return (
    <>
      <p className="small">
        <Link href="/admin/products">← Products</Link>
      </p>
      <PageHeader
        title={product.name}
        description={
          <>
            <StatusBadge tone={productStatusTone(product.status)}>{PRODUCT_STATUS_LABEL[product.status]}</StatusBadge>{" "}
            {product.status === "active" ? (
              <Link href={`/products/${product.slug}`}>View in the shop</Link>
            ) : (
              <span>Not in the shop</span>
            )}
          </>
        }
        actions={isAdmin && <ArchiveControl productId={product.id} name={product.name} archived={archived} orderLines={product.orderLines} />}
      />
      {isAdmin ? (
        <>
          <ProductFieldsForm
            product={{
              id: product.id,
              name: product.name,
              slug: product.slug,
              description: product.description,
              categoryId: product.category?.id ?? null,
              tags: product.tags,
              isActive: product.isActive,
              archived,
            }}
            categories={flattenCategories(categories!.items)}
          />
          <div className="admin-section">
            <VariantsEditor
              productId={product.id}
              currency={product.currency}
              options={product.options}
              variants={product.variants.map((v) => ({
                id: v.id,
                sku: v.sku,
                options: v.options,
                price: v.price,
                compareAtPrice: v.compareAtPrice,
                stock: v.stock,
                isActive: v.isActive,
                orderLines: v.orderLines,
                imageId: v.imageId,
              }))}
              images={(images?.items ?? []).map((image, i) => ({ id: image.id, label: `${i === 0 ? "Main image" : `Image ${i + 1}`}${image.alt ? `: ${image.alt}` : ""}` }))}
            />
          </div>
        </>
      ) : (
        <section className="admin-section panel" aria-labelledby="variants-title">
          <h2 id="variants-title">Variants</h2>
          <ul className="plain-list">
            {product.variants.map((v) => (
              <li key={v.id}>
                <strong>{v.sku}</strong> {v.title && <span className="muted">{v.title}</span>} · <Money minor={v.price} currency={product.currency} />
                {!v.isActive && <StatusBadge>Inactive</StatusBadge>}
              </li>
            ))}
          </ul>
          <p className="muted small">Prices and the catalogue are edited by administrators.</p>
        </section>
      )}
      <StockPanel
        lowStockThreshold={LOW_STOCK}
        variants={product.variants.map((v) => ({ id: v.id, sku: v.sku, title: v.title, stock: v.stock, isActive: v.isActive }))}
      />
      {isAdmin && images && (
        <ImagesPanel
          productId={product.id}
          productName={product.name}
          maxUploadBytes={deps().config.maxUploadBytes}
          images={images.items.map((i) => ({ id: i.id, url: i.url, alt: i.alt, width: i.width, height: i.height }))}
        />
      )}
    </>
  );
}

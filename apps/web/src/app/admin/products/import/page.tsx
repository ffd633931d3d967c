import type { Metadata } from "next";
import Link from "next/link";
import { PRODUCT_CSV_COLUMNS } from "@shop/core";
import { deps } from "@shop/server";
import { requireBackOffice } from "../../_components/access";
import { PageHeader } from "../../_components/page-header";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import products" };

export default async function ImportProductsPage() {
  await requireBackOffice("/admin/products/import", { adminOnly: true });
  return (
    <>
      <p className="small">
        <Link href="/admin/products">← Products</Link>
      </p>
      <PageHeader
        title="Import products"
        description="Create and update products from a CSV file, one row per variant, matched by SKU. The file is checked first; nothing is written until you confirm."
        actions={
          <a href="/admin/products/export" className="button secondary" download>
            Export current catalogue
          </a>
        }
      />
      <details className="panel admin-section">
        <summary>The file&apos;s columns</summary>
        <p>
          The first row names the columns (any order; only <code>sku</code> is required, a column left out is left unchanged). The export
          writes exactly this format, so the easiest start is to export, edit in a spreadsheet and import.
        </p>
        <p className="csv-columns">
          {PRODUCT_CSV_COLUMNS.map((c) => (
            <code key={c}>{c}</code>
          ))}
        </p>
        <ul className="small">
          <li>
            <code>price</code>, <code>compare_at_price</code>: whole minor units (1250 for 12.50). <code>stock</code>: the counted stock; a change is recorded as a stock
            adjustment with reason &quot;import&quot;.
          </li>
          <li>
            <code>active</code>: true or false. <code>tags</code>: separated by |. A new <code>product_slug</code> creates a product.
          </li>
        </ul>
      </details>
      <ImportForm maxUploadBytes={deps().config.maxUploadBytes} />
    </>
  );
}

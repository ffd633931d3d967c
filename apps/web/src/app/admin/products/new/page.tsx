import type { Metadata } from "next";
import { requireBackOffice } from "../../_components/access";
import { PageHeader } from "../../_components/page-header";
import { serverApi } from "../../../../trpc/server";
import { NewProductForm } from "./new-product-form";

export const metadata: Metadata = { title: "New product" };

export default async function NewProductPage() {
  await requireBackOffice("/admin/products/new", { adminOnly: true });
  const api = await serverApi();
  const { items } = await api.catalog.categories();
  const flat: { id: string; label: string }[] = [];
  const walk = (nodes: typeof items, prefix: string) => {
    for (const n of nodes) {
      flat.push({ id: n.id, label: prefix + n.name });
      walk(n.children as typeof items, `${prefix}${n.name} › `);
    }
  };
  walk(items, "");
  return (
    <>
      <PageHeader title="New product" />
      <NewProductForm categories={flat} />
    </>
  );
}

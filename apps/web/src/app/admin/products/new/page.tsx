import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { requireUser } from "../../../../lib/session";
import { serverApi } from "../../../../trpc/server";
import { NewProductForm } from "./new-product-form";

export const metadata: Metadata = { title: "New product" };

export default async function NewProductPage() {
  const user = await requireUser("/admin/products/new");
  if (user.role !== "admin") forbidden();
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
    <main>
      <h1>New product</h1>
      <NewProductForm categories={flat} />
    </main>
  );
}

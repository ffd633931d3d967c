import type { Metadata } from "next";
import { requireBackOffice } from "../_components/access";
import { PageHeader } from "../_components/page-header";
import { serverApi } from "../../../trpc/server";
import { CategoryTreeEditor } from "./category-tree-editor";
import { CreateCategoryForm } from "./create-category-form";

export const metadata: Metadata = { title: "Categories" };

export default async function AdminCategoriesPage() {
  await requireBackOffice("/admin/categories", { adminOnly: true });
  const api = await serverApi();
  const { items } = await api.admin.categories.tree({});
  return (
    <>
      <PageHeader title="Categories" description="The shop's menu, in this order. Move up/down reorders a category among its siblings, Move gives it another parent, Archive hides it from the shop." />
      <CreateCategoryForm tree={items} />
      <CategoryTreeEditor tree={items} />
    </>
  );
}

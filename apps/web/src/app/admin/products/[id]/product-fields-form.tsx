"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Field, FormErrors, issuesOf } from "../../_components/form-errors";
import { useTRPC } from "../../../../trpc/client";
import type { CategoryChoice } from "../_lib/categories";

export interface ProductFields {
  id: string;
  name: string;
  slug: string;
  description: string;
  categoryId: string | null;
  tags: string[];
  isActive: boolean;
  archived: boolean;
}

const SHOWN = ["name", "slug", "description", "categoryId", "tags", "isActive"];

/** The product's own fields (admins). Saved with one call; the API's messages appear next to the fields. */
export function ProductFieldsForm({ product, categories }: { product: ProductFields; categories: CategoryChoice[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.admin.products.update.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        router.refresh();
      },
    }),
  );
  const issues = issuesOf(update.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const f = new FormData(event.currentTarget);
    const text = (n: string) => String(f.get(n) ?? "");
    const tags = text("tags")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    update.mutate({
      id: product.id,
      name: text("name"),
      slug: text("slug").trim(),
      description: text("description"),
      categoryId: text("categoryId") || null,
      tags,
      ...(product.archived ? {} : { isActive: f.get("isActive") === "on" }),
    });
  }

  return (
    <form className="admin-form panel" onSubmit={onSubmit} aria-labelledby="product-fields-title" noValidate>
      <h2 id="product-fields-title">Details</h2>
      <FormErrors error={update.error} shown={SHOWN} />
      <div className="admin-grid">
        <Field label="Name" path="name" issues={issues}>
          <input name="name" defaultValue={product.name} required maxLength={200} />
        </Field>
        <Field label="Slug" path="slug" issues={issues} hint="The product's address in the shop: /products/slug">
          <input name="slug" defaultValue={product.slug} required maxLength={160} autoCapitalize="none" spellCheck={false} />
        </Field>
      </div>
      <Field label="Description" path="description" issues={issues}>
        <textarea name="description" defaultValue={product.description} maxLength={10000} rows={6} />
      </Field>
      <div className="admin-grid">
        <Field label="Category" path="categoryId" issues={issues}>
          <select name="categoryId" defaultValue={product.categoryId ?? ""}>
            <option value="">None</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Tags" path="tags" prefix issues={issues} hint="Search words, separated by commas">
          <input name="tags" defaultValue={product.tags.join(", ")} maxLength={2000} />
        </Field>
      </div>
      {product.archived ? (
        <p className="muted">Archived: restore the product to put it on sale again.</p>
      ) : (
        <label className="check">
          <input type="checkbox" name="isActive" defaultChecked={product.isActive} aria-describedby="active-hint" />
          On sale in the shop
        </label>
      )}
      {!product.archived && (
        <p id="active-hint" className="muted small">
          Unticked, the product is a draft: hidden from the shop, kept here.
        </p>
      )}
      {saved && !update.isPending && (
        <p className="notice" role="status">
          Saved.
        </p>
      )}
      <div className="admin-buttons">
        <button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save details"}
        </button>
      </div>
    </form>
  );
}

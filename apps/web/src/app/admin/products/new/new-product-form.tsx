"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import type { FormEvent } from "react";
import { errorMessage } from "../../../../lib/errors";
import { useTRPC } from "../../../../trpc/client";

/** Prices are typed in major units (12.50) and sent as integer minor units (1250). */
export function NewProductForm({ categories }: { categories: { id: string; label: string }[] }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.catalog.create.mutationOptions());

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (n: string) => String(f.get(n) ?? "").trim();
    const imageUrl = text("imageUrl");
    create.mutate({
      name: text("name"),
      slug: text("slug") || undefined,
      description: text("description"),
      price: Math.round(Number(text("price")) * 100),
      currency: text("currency").toUpperCase() || "USD",
      stock: Number(text("stock") || "0"),
      categoryId: text("categoryId") || null,
      images: imageUrl ? [{ url: imageUrl, alt: text("name") }] : [],
    });
  }

  return (
    <form className="stack panel" onSubmit={onSubmit} aria-label="New product">
      <label>
        Name
        <input name="name" required maxLength={200} />
      </label>
      <label>
        Slug <span className="muted">(optional, derived from the name)</span>
        <input name="slug" maxLength={160} pattern="[a-z0-9]+(-[a-z0-9]+)*" />
      </label>
      <label>
        Description
        <textarea name="description" maxLength={10000} />
      </label>
      <label>
        Price
        <input name="price" type="number" min="0" step="0.01" required inputMode="decimal" />
      </label>
      <label>
        Currency
        <input name="currency" defaultValue="USD" maxLength={3} pattern="[A-Za-z]{3}" />
      </label>
      <label>
        Stock
        <input name="stock" type="number" min="0" step="1" defaultValue="0" />
      </label>
      <label>
        Category
        <select name="categoryId" defaultValue="">
          <option value="">None</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Image URL <span className="muted">(optional; absolute, or a path like /images/products/x.svg)</span>
        <input name="imageUrl" maxLength={500} />
      </label>
      {create.error && <p className="alert" role="alert">{errorMessage(create.error)}</p>}
      {create.data && (
        <p className="notice" role="status">
          Created <Link href={`/products/${create.data.slug}`}>{create.data.name}</Link>.
        </p>
      )}
      <button type="submit" disabled={create.isPending}>
        Create product
      </button>
    </form>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Field, FormErrors, issuesOf } from "../_components/form-errors";
import { useTRPC } from "../../../trpc/client";
import { parentChoices, type CategoryNode } from "./tree";

export function CreateCategoryForm({ tree }: { tree: CategoryNode[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(trpc.admin.categories.create.mutationOptions());
  const issues = issuesOf(create.error);
  const parents = parentChoices(tree).filter((p) => !p.archived);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    const form = event.currentTarget;
    const f = new FormData(form);
    const text = (n: string) => String(f.get(n) ?? "").trim();
    create.mutate(
      { name: text("name"), slug: text("slug") || undefined, parentId: text("parentId") || null, description: text("description") || null },
      {
        onSuccess: (category) => {
          setCreated(category.name);
          form.reset();
          router.refresh();
        },
      },
    );
  }

  return (
    <details className="panel admin-section create-category" open={tree.length === 0}>
      <summary>New category</summary>
      <form className="admin-form" onSubmit={onSubmit} aria-label="New category" noValidate>
        <FormErrors error={create.error} shown={["name", "slug", "parentId", "description"]} />
        <div className="admin-grid">
          <Field label="Name" path="name" issues={issues}>
            <input name="name" required maxLength={120} />
          </Field>
          <Field label="Slug (optional)" path="slug" issues={issues} hint="Made from the name when empty">
            <input name="slug" maxLength={120} autoCapitalize="none" spellCheck={false} />
          </Field>
          <Field label="Parent" path="parentId" issues={issues}>
            <select name="parentId" defaultValue="">
              <option value="">None (top level)</option>
              {parents.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field label="Description (optional)" path="description" issues={issues}>
          <textarea name="description" maxLength={2000} rows={2} />
        </Field>
        <div className="admin-buttons">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create category"}
          </button>
          {created && (
            <span className="notice" role="status">
              Created {created}.
            </span>
          )}
        </div>
      </form>
    </details>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from "react";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { EmptyState } from "../_components/empty-state";
import { Field, FormErrors, formMessage, issuesOf } from "../_components/form-errors";
import { StatusBadge } from "../_components/status-badge";
import { errorDetails } from "../../../lib/errors";
import { useTRPC } from "../../../trpc/client";
import { childrenOf, parentChoices, type CategoryNode } from "./tree";

/**
 * The tree as nested lists (a screen reader says the level and the place among siblings). Every change is one call,
 * then the page reloads its data; after Move up/down the focus returns to the same button of the moved category.
 */
export function CategoryTreeEditor({ tree }: { tree: CategoryNode[] }) {
  const [announcement, setAnnouncement] = useState("");
  const focusAfter = useRef<string | null>(null);
  useEffect(() => {
    if (!focusAfter.current) return;
    const target = document.querySelector<HTMLElement>(`[data-focus-key="${focusAfter.current}"]`);
    if (target && !(target as HTMLButtonElement).disabled) target.focus();
    else document.querySelector<HTMLElement>(`[data-focus-key^="${focusAfter.current.split(":")[0]}:"]:not([disabled])`)?.focus();
    focusAfter.current = null;
  }, [tree]);
  if (tree.length === 0) return <EmptyState title="No categories yet">Create the first one above.</EmptyState>;
  return (
    <section aria-labelledby="category-tree-title" className="admin-section">
      <h2 id="category-tree-title">Tree</h2>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <Level nodes={tree} tree={tree} announce={setAnnouncement} focusAfter={focusAfter} />
    </section>
  );
}

type MoveMutation = ReturnType<typeof useMutation<unknown, unknown, { id: string; parentId: string | null; position: number }>>;

interface Shared {
  tree: CategoryNode[];
  announce: (text: string) => void;
  focusAfter: RefObject<string | null>;
}

function Level({ nodes, ...shared }: { nodes: CategoryNode[] } & Shared) {
  return (
    <ul className="category-admin-tree">
      {nodes.map((node, index) => (
        <li key={node.id}>
          <CategoryRow node={node} index={index} siblings={nodes.length} {...shared} />
          {node.children.length > 0 && <Level nodes={node.children} {...shared} />}
        </li>
      ))}
    </ul>
  );
}

function CategoryRow({ node, index, siblings, tree, announce, focusAfter }: { node: CategoryNode; index: number; siblings: number } & Shared) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [panel, setPanel] = useState<"none" | "edit" | "move">("none");
  const move = useMutation(trpc.admin.categories.move.mutationOptions());
  const archive = useMutation(trpc.admin.categories.archive.mutationOptions());
  const restore = useMutation(trpc.admin.categories.restore.mutationOptions());
  const archived = node.archivedAt !== null;

  function step(by: -1 | 1) {
    focusAfter.current = `${node.id}:${by === -1 ? "up" : "down"}`;
    move.mutate(
      { id: node.id, parentId: node.parentId, position: index + by },
      {
        onSuccess: () => {
          announce(`${node.name} moved to position ${index + by + 1} of ${siblings}.`);
          router.refresh();
        },
      },
    );
  }

  const rowError = move.error && panel !== "move" ? move.error : restore.error;
  return (
    <div className={`category-row${archived ? " archived" : ""}`}>
      <div className="category-row-main">
        <div className="category-name">
          <strong>{node.name}</strong> {archived && <StatusBadge tone="bad">Archived</StatusBadge>}
          <div className="muted small">
            /{node.slug} · {node.productCount === 1 ? "1 product" : `${node.productCount} products`}
            {node.subtreeProductCount !== node.productCount && ` (${node.subtreeProductCount} with sub-categories)`}
          </div>
        </div>
        <div className="admin-buttons category-actions">
          <button
            type="button"
            className="secondary small-button"
            data-focus-key={`${node.id}:up`}
            disabled={index === 0 || move.isPending}
            onClick={() => step(-1)}
            aria-label={`Up: move ${node.name} up`}
          >
            Up
          </button>
          <button
            type="button"
            className="secondary small-button"
            data-focus-key={`${node.id}:down`}
            disabled={index === siblings - 1 || move.isPending}
            onClick={() => step(1)}
            aria-label={`Down: move ${node.name} down`}
          >
            Down
          </button>
          <button type="button" className="secondary small-button" aria-label={`Rename ${node.name}`} aria-expanded={panel === "edit"} aria-controls={`${id}-panel`} onClick={() => setPanel(panel === "edit" ? "none" : "edit")}>
            Rename
          </button>
          <button type="button" className="secondary small-button" aria-label={`Move ${node.name}`} aria-expanded={panel === "move"} aria-controls={`${id}-panel`} onClick={() => setPanel(panel === "move" ? "none" : "move")}>
            Move
          </button>
          {archived ? (
            <button
              type="button"
              className="secondary small-button"
              disabled={restore.isPending}
              aria-label={`Restore ${node.name}`}
              onClick={() =>
                restore.mutate(
                  { id: node.id },
                  {
                    onSuccess: () => {
                      announce(`${node.name} restored.`);
                      router.refresh();
                    },
                  },
                )
              }
            >
              Restore
            </button>
          ) : (
            <ConfirmDialog
              triggerLabel="Archive"
              triggerAriaLabel={`Archive ${node.name}`}
              triggerClassName="danger secondary small-button"
              title={`Archive ${node.name}?`}
              confirmLabel="Archive category"
              onConfirm={async () => {
                try {
                  await archive.mutateAsync({ id: node.id });
                } catch (error) {
                  throw new Error(archiveRefusal(error));
                }
                announce(`${node.name} archived.`);
                router.refresh();
              }}
            >
              <p>The category disappears from the shop&apos;s menu and its page. It stays here and can be restored.</p>
              <p className="muted small">Sub-categories must be archived first, and products on sale moved elsewhere or made drafts.</p>
            </ConfirmDialog>
          )}
        </div>
      </div>
      {rowError && (
        <p className="alert" role="alert">
          {formMessage(rowError)}
        </p>
      )}
      <div id={`${id}-panel`}>
        {panel === "edit" && <RenameForm node={node} onDone={() => setPanel("none")} />}
        {panel === "move" && <MoveForm node={node} tree={tree} mutation={move} onDone={() => setPanel("none")} announce={announce} />}
      </div>
    </div>
  );
}

/** The API's 409 lists what keeps a category from being archived: say it in words. */
function archiveRefusal(error: unknown): string {
  const details = errorDetails(error) as { children?: { name: string }[]; products?: { name: string }[]; childCount?: number; productCount?: number };
  const parts: string[] = [];
  if (details.children?.length) parts.push(`sub-categories still shown: ${details.children.map((c) => c.name).join(", ")}`);
  if (details.products?.length) parts.push(`products on sale: ${details.products.map((p) => p.name).join(", ")}`);
  return parts.length ? `${formMessage(error)} (${parts.join("; ")})` : formMessage(error);
}

function RenameForm({ node, onDone }: { node: CategoryNode; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const update = useMutation(trpc.admin.categories.update.mutationOptions());
  const issues = issuesOf(update.error);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (n: string) => String(f.get(n) ?? "").trim();
    const description = text("description");
    update.mutate(
      { id: node.id, name: text("name"), slug: text("slug"), description: description || null },
      {
        onSuccess: () => {
          router.refresh();
          onDone();
        },
      },
    );
  }
  return (
    <form className="admin-form category-form" onSubmit={onSubmit} aria-label={`Rename ${node.name}`} noValidate>
      <FormErrors error={update.error} shown={["name", "slug", "description"]} />
      <div className="admin-grid">
        <Field label="Name" path="name" issues={issues}>
          <input name="name" defaultValue={node.name} required maxLength={120} autoFocus />
        </Field>
        <Field label="Slug" path="slug" issues={issues} hint="Changing it changes the category's address in the shop">
          <input name="slug" defaultValue={node.slug} required maxLength={120} autoCapitalize="none" spellCheck={false} />
        </Field>
      </div>
      <Field label="Description" path="description" issues={issues}>
        <textarea name="description" defaultValue={node.description ?? ""} maxLength={2000} rows={2} />
      </Field>
      <div className="admin-buttons">
        <button type="submit" disabled={update.isPending}>
          Save
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function MoveForm({
  node,
  tree,
  mutation,
  onDone,
  announce,
}: {
  node: CategoryNode;
  tree: CategoryNode[];
  /** The row's own move mutation: Up/Down and this form share its pending state and error. */
  mutation: MoveMutation;
  onDone: () => void;
  announce: (text: string) => void;
}) {
  const router = useRouter();
  const [parentId, setParentId] = useState<string>(node.parentId ?? "");
  const parents = parentChoices(tree, node.id);
  const siblings = childrenOf(tree, parentId || null).filter((s) => s.id !== node.id);
  const currentIndex = childrenOf(tree, node.parentId).findIndex((s) => s.id === node.id);
  const [position, setPosition] = useState<string>(String(parentId === (node.parentId ?? "") ? currentIndex : siblings.length));
  const issues = issuesOf(mutation.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    mutation.mutate(
      { id: node.id, parentId: parentId || null, position: Number(position) },
      {
        onSuccess: () => {
          announce(`${node.name} moved.`);
          router.refresh();
          onDone();
        },
      },
    );
  }
  return (
    <form className="admin-form category-form" onSubmit={onSubmit} aria-label={`Move ${node.name}`} noValidate>
      <FormErrors error={mutation.error} shown={["parentId", "position"]} />
      <div className="admin-grid">
        <Field label="Parent" path="parentId" issues={issues}>
          <select
            name="parentId"
            value={parentId}
            onChange={(e) => {
              setParentId(e.target.value);
              setPosition(String(childrenOf(tree, e.target.value || null).filter((s) => s.id !== node.id).length));
            }}
            autoFocus
          >
            <option value="">None (top level)</option>
            {parents.map((p) => (
              <option key={p.id} value={p.id} disabled={p.archived}>
                {p.label}
                {p.archived ? " (archived)" : ""}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Position" path="position" issues={issues}>
          <select name="position" value={position} onChange={(e) => setPosition(e.target.value)}>
            <option value="0">First</option>
            {siblings.map((s, i) => (
              <option key={s.id} value={String(i + 1)}>
                After {s.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="admin-buttons">
        <button type="submit" disabled={mutation.isPending}>
          Move
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

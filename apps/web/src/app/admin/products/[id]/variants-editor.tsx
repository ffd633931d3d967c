"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { FormErrors, issueAt, issuesOf, type FieldIssue } from "../../_components/form-errors";
import { useTRPC } from "../../../../trpc/client";
import { formatMajor, parseMajor } from "../_lib/price-input";

export interface EditableVariant {
  id: string;
  sku: string;
  options: { name: string; value: string }[];
  price: number;
  compareAtPrice: number | null;
  stock: number;
  isActive: boolean;
  orderLines: number;
  /** The product image shown when this variant is chosen, or null. */
  imageId: string | null;
}

export interface VariantImageChoice {
  id: string;
  label: string;
}

interface OptionRow {
  key: string;
  name: string;
  /** Comma-separated, as typed. */
  values: string;
}

interface VariantRow {
  key: string;
  id?: string;
  sku: string;
  /** By option row key. */
  values: Record<string, string>;
  price: string;
  compareAt: string;
  /** Opening stock of a new variant. */
  stock: string;
  /** "" for none; sent with every save (the API would otherwise take none). */
  imageId: string;
  isActive: boolean;
  orderLines: number;
  currentStock?: number;
}

/** A variant as the editor holds it: option values keyed by the option rows (whose names may be edited). */
function toRow(v: EditableVariant, optionRows: readonly OptionRow[], currency: string): VariantRow {
  const values: Record<string, string> = {};
  for (const o of v.options) {
    const row = optionRows.find((r) => r.name.trim() === o.name);
    if (row) values[row.key] = o.value;
  }
  return {
    key: newKey(),
    id: v.id,
    sku: v.sku,
    values,
    price: formatMajor(v.price, currency),
    compareAt: formatMajor(v.compareAtPrice, currency),
    stock: "",
    imageId: v.imageId ?? "",
    isActive: v.isActive,
    orderLines: v.orderLines,
    currentStock: v.stock,
  };
}

let counter = 0;
const newKey = () => `k${++counter}`;
const splitValues = (text: string) =>
  text
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * Options and variants of a product, edited together and saved with one call (the API replaces the whole set, in
 * this order). Existing variants keep their stock (changed through stock adjustments); a new one gets an opening
 * stock. A variant that orders name cannot be removed, only deactivated.
 */
export function VariantsEditor({
  productId,
  currency,
  options,
  variants,
  images,
}: {
  productId: string;
  currency: string;
  options: { name: string; values: string[] }[];
  variants: EditableVariant[];
  images: VariantImageChoice[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const baseId = useId();
  const [optionRows, setOptionRows] = useState<OptionRow[]>(() => options.map((o) => ({ key: newKey(), name: o.name, values: o.values.join(", ") })));
  const [rows, setRows] = useState<VariantRow[]>(() => variants.map((v) => toRow(v, optionRows, currency)));
  const [localIssues, setLocalIssues] = useState<FieldIssue[]>([]);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.admin.products.replaceVariants.mutationOptions({
      onSuccess: (product) => {
        setSaved(true);
        // New variants now have ids: take them, so a second save updates instead of creating again.
        setRows(product.variants.map((v) => toRow(v, optionRows, currency)));
        router.refresh();
      },
    }),
  );
  const issues = localIssues.length ? localIssues : issuesOf(save.error);
  const at = (path: string) => issueAt(issues, path, { prefix: true });

  const setRow = (key: string, change: Partial<VariantRow>) => setRows((all) => all.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const setOption = (key: string, change: Partial<OptionRow>) => setOptionRows((all) => all.map((r) => (r.key === key ? { ...r, ...change } : r)));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const problems: FieldIssue[] = [];
    const variantsInput = rows.map((r, i) => {
      const price = parseMajor(r.price, currency);
      const compareAt = parseMajor(r.compareAt, currency);
      const stock = r.stock.trim() === "" ? undefined : Number(r.stock);
      if (price === undefined || Number.isNaN(price)) problems.push({ path: `variants.${i}.price`, message: "Enter a price, e.g. 12.50" });
      if (compareAt !== undefined && Number.isNaN(compareAt)) problems.push({ path: `variants.${i}.compareAtPrice`, message: "Enter an amount, e.g. 15.00, or leave it empty" });
      if (stock !== undefined && !(Number.isInteger(stock) && stock >= 0)) problems.push({ path: `variants.${i}.stock`, message: "Enter a whole number of units" });
      return {
        ...(r.id ? { id: r.id } : {}),
        sku: r.sku.trim(),
        options: Object.fromEntries(optionRows.map((o) => [o.name.trim(), r.values[o.key] ?? ""]).filter(([name]) => name !== "")),
        price: price ?? 0,
        compareAtPrice: compareAt === undefined || Number.isNaN(compareAt) ? null : compareAt,
        ...(r.id ? {} : { stock: stock ?? 0 }),
        imageId: r.imageId && images.some((i) => i.id === r.imageId) ? r.imageId : null,
        isActive: r.isActive,
      };
    });
    setLocalIssues(problems);
    if (problems.length) return;
    save.mutate({ id: productId, options: optionRows.map((o) => ({ name: o.name.trim(), values: splitValues(o.values) })), variants: variantsInput });
  }

  const describedBy = (path: string) => (at(path) ? `${baseId}-${path}` : undefined);
  const errorText = (path: string) =>
    at(path) ? (
      <span id={`${baseId}-${path}`} className="field-error">
        {at(path)}
      </span>
    ) : null;

  return (
    <form className="admin-form panel" onSubmit={onSubmit} aria-labelledby={`${baseId}-title`} noValidate>
      <h2 id={`${baseId}-title`}>Options and variants</h2>
      <FormErrors error={save.error} issues={issues.length ? issues : undefined} shown={(path) => /^(options|variants)\.\d+/.test(path)} />
      <fieldset>
        <legend>Options</legend>
        <p className="muted small">e.g. Size with the values S, M, L. Without options a product has one variant.</p>
        {optionRows.map((o, i) => (
          <div key={o.key} className="admin-grid option-row">
            <div className="field">
              <label htmlFor={`${baseId}-opt-${o.key}`}>Option {i + 1} name</label>
              <input
                id={`${baseId}-opt-${o.key}`}
                value={o.name}
                onChange={(e) => setOption(o.key, { name: e.target.value })}
                maxLength={50}
                aria-invalid={at(`options.${i}.name`) ? true : undefined}
                aria-describedby={describedBy(`options.${i}.name`)}
              />
              {errorText(`options.${i}.name`)}
            </div>
            <div className="field">
              <label htmlFor={`${baseId}-optv-${o.key}`}>Values (comma-separated)</label>
              <input
                id={`${baseId}-optv-${o.key}`}
                value={o.values}
                onChange={(e) => setOption(o.key, { values: e.target.value })}
                maxLength={2000}
                aria-invalid={at(`options.${i}.values`) ? true : undefined}
                aria-describedby={describedBy(`options.${i}.values`)}
              />
              {errorText(`options.${i}.values`)}
            </div>
            <div className="admin-buttons align-end">
              <button type="button" className="secondary small-button" onClick={() => setOptionRows((all) => all.filter((r) => r.key !== o.key))}>
                Remove option {i + 1}
              </button>
            </div>
          </div>
        ))}
        <div>
          <button type="button" className="secondary small-button" onClick={() => setOptionRows((all) => [...all, { key: newKey(), name: "", values: "" }])}>
            Add an option
          </button>
        </div>
      </fieldset>
      {rows.map((r, i) => {
        const label = r.sku || `new variant ${i + 1}`;
        return (
          <fieldset key={r.key} className="variant-row">
            <legend>
              Variant {i + 1}
              {r.sku ? `: ${r.sku}` : ""}
              {!r.isActive && " (inactive)"}
            </legend>
            <div className="admin-grid">
              <div className="field">
                <label htmlFor={`${baseId}-sku-${r.key}`}>SKU</label>
                <input
                  id={`${baseId}-sku-${r.key}`}
                  value={r.sku}
                  onChange={(e) => setRow(r.key, { sku: e.target.value })}
                  maxLength={64}
                  autoCapitalize="characters"
                  spellCheck={false}
                  aria-invalid={at(`variants.${i}.sku`) ? true : undefined}
                  aria-describedby={describedBy(`variants.${i}.sku`)}
                />
                {errorText(`variants.${i}.sku`)}
              </div>
              {optionRows
                .filter((o) => o.name.trim() !== "")
                .map((o) => (
                  <div key={o.key} className="field">
                    <label htmlFor={`${baseId}-val-${r.key}-${o.key}`}>{o.name}</label>
                    <select
                      id={`${baseId}-val-${r.key}-${o.key}`}
                      value={r.values[o.key] ?? ""}
                      onChange={(e) => setRow(r.key, { values: { ...r.values, [o.key]: e.target.value } })}
                      aria-invalid={at(`variants.${i}.options`) ? true : undefined}
                      aria-describedby={describedBy(`variants.${i}.options`)}
                    >
                      <option value="">Choose…</option>
                      {[...new Set([...splitValues(o.values), ...(r.values[o.key] ? [r.values[o.key]!] : [])])].map((v) => (
                        <option key={v} value={v}>
                          {v}
                        </option>
                      ))}
                    </select>
                  </div>
                ))}
              <div className="field">
                <label htmlFor={`${baseId}-price-${r.key}`}>Price ({currency})</label>
                <input
                  id={`${baseId}-price-${r.key}`}
                  value={r.price}
                  onChange={(e) => setRow(r.key, { price: e.target.value })}
                  inputMode="decimal"
                  aria-invalid={at(`variants.${i}.price`) ? true : undefined}
                  aria-describedby={describedBy(`variants.${i}.price`)}
                />
                {errorText(`variants.${i}.price`)}
              </div>
              <div className="field">
                <label htmlFor={`${baseId}-cmp-${r.key}`}>Compare-at price</label>
                <input
                  id={`${baseId}-cmp-${r.key}`}
                  value={r.compareAt}
                  onChange={(e) => setRow(r.key, { compareAt: e.target.value })}
                  inputMode="decimal"
                  placeholder="None"
                  aria-invalid={at(`variants.${i}.compareAtPrice`) ? true : undefined}
                  aria-describedby={describedBy(`variants.${i}.compareAtPrice`)}
                />
                {errorText(`variants.${i}.compareAtPrice`)}
              </div>
              {images.length > 0 && (
                <div className="field">
                  <label htmlFor={`${baseId}-img-${r.key}`}>Image</label>
                  <select
                    id={`${baseId}-img-${r.key}`}
                    value={r.imageId}
                    onChange={(e) => setRow(r.key, { imageId: e.target.value })}
                    aria-invalid={at(`variants.${i}.imageId`) ? true : undefined}
                    aria-describedby={describedBy(`variants.${i}.imageId`)}
                  >
                    <option value="">The product&apos;s main image</option>
                    {images.map((image) => (
                      <option key={image.id} value={image.id}>
                        {image.label}
                      </option>
                    ))}
                  </select>
                  {errorText(`variants.${i}.imageId`)}
                </div>
              )}
              {r.id ? (
                <div className="field">
                  <span className="field-label">Stock</span>
                  <span>
                    {variants.find((v) => v.id === r.id)?.stock ?? r.currentStock} <span className="muted small">(adjust below)</span>
                  </span>
                </div>
              ) : (
                <div className="field">
                  <label htmlFor={`${baseId}-stock-${r.key}`}>Opening stock</label>
                  <input
                    id={`${baseId}-stock-${r.key}`}
                    value={r.stock}
                    onChange={(e) => setRow(r.key, { stock: e.target.value })}
                    inputMode="numeric"
                    placeholder="0"
                    aria-invalid={at(`variants.${i}.stock`) ? true : undefined}
                    aria-describedby={describedBy(`variants.${i}.stock`)}
                  />
                  {errorText(`variants.${i}.stock`)}
                </div>
              )}
            </div>
            {errorText(`variants.${i}.options`)}
            {issueAt(issues, `variants.${i}`) && <span className="field-error">{issueAt(issues, `variants.${i}`)}</span>}
            <div className="admin-buttons">
              <label className="check">
                <input type="checkbox" checked={r.isActive} onChange={(e) => setRow(r.key, { isActive: e.target.checked })} />
                Active (for sale)
              </label>
              <button
                type="button"
                className="secondary small-button"
                disabled={r.orderLines > 0 || rows.length === 1}
                aria-label={`Remove variant ${label}`}
                onClick={() => setRows((all) => all.filter((x) => x.key !== r.key))}
              >
                Remove
              </button>
              {r.orderLines > 0 && <span className="muted small">Ordered {r.orderLines === 1 ? "once" : `${r.orderLines} times`}: deactivate it instead.</span>}
            </div>
          </fieldset>
        );
      })}
      <div className="admin-buttons">
        <button
          type="button"
          className="secondary"
          onClick={() => setRows((all) => [...all, { key: newKey(), sku: "", values: {}, price: all.at(-1)?.price ?? "", compareAt: "", stock: "", imageId: "", isActive: true, orderLines: 0 }])}
        >
          Add a variant
        </button>
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save options and variants"}
        </button>
      </div>
      {saved && !save.isPending && (
        <p className="notice" role="status">
          Options and variants saved.
        </p>
      )}
    </form>
  );
}

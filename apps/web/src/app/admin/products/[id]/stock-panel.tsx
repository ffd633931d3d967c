"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Field, FormErrors, issuesOf, type FieldIssue } from "../../_components/form-errors";
import { StatusBadge } from "../../_components/status-badge";
import { LoadMore } from "../../../../components/load-more";
import { formatDateTime } from "../../../../lib/format";
import { useTRPC, useTRPCClient } from "../../../../trpc/client";

export interface StockVariant {
  id: string;
  sku: string;
  title: string;
  stock: number;
  isActive: boolean;
}

const REASONS = [
  { value: "restock", label: "Restock (goods received)" },
  { value: "correction", label: "Correction (stock count)" },
  { value: "damaged", label: "Damaged or lost" },
  { value: "returned", label: "Returned by a customer" },
  { value: "other", label: "Other" },
] as const;
type Reason = (typeof REASONS)[number]["value"];
const REASON_LABEL: Record<string, string> = { restock: "Restock", correction: "Correction", damaged: "Damaged", returned: "Returned", other: "Other", import: "CSV import" };

/** Stock of every variant, each with its adjustment form and history (admins and staff). */
export function StockPanel({ variants, lowStockThreshold }: { variants: StockVariant[]; lowStockThreshold: number }) {
  return (
    <section className="admin-section panel" aria-labelledby="stock-title">
      <h2 id="stock-title">Stock</h2>
      <p className="muted small">
        Every change is kept with its reason. &quot;Set counted stock&quot; records the difference from the stock at that moment, so
        orders placed meanwhile are not lost.
      </p>
      <ul className="stock-list">
        {variants.map((v) => (
          <li key={v.id}>
            <StockRow variant={v} lowStockThreshold={lowStockThreshold} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function StockRow({ variant, lowStockThreshold }: { variant: StockVariant; lowStockThreshold: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const [mode, setMode] = useState<"add" | "remove" | "set">("add");
  const [localIssues, setLocalIssues] = useState<FieldIssue[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const client = useTRPCClient();
  // Not infiniteQueryOptions: it adds `direction` to the input, which the API's strict input refuses (see
  // components/use-cursor-pages.ts). The procedure's own infinite key, so invalidation finds it.
  const historyInput = { id: variant.id, limit: 10 };
  const historyKey = trpc.admin.products.variantStockHistory.infiniteQueryKey(historyInput);
  const history = useInfiniteQuery({
    queryKey: historyKey,
    queryFn: ({ pageParam }) => client.admin.products.variantStockHistory.query({ ...historyInput, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled: showHistory,
  });
  const adjust = useMutation(
    trpc.admin.products.adjustStock.mutationOptions({
      onSuccess: (result) => {
        setDone(result.adjustment ? `Stock of ${variant.sku} is now ${result.variant.stock}.` : `Stock of ${variant.sku} was already ${result.variant.stock}: nothing changed.`);
        void queryClient.invalidateQueries({ queryKey: historyKey });
        router.refresh();
      },
    }),
  );
  const issues = localIssues.length ? localIssues : issuesOf(adjust.error);
  const name = variant.title ? `${variant.sku} (${variant.title})` : variant.sku;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const form = event.currentTarget;
    const f = new FormData(form);
    const raw = String(f.get("quantity") ?? "").trim();
    const quantity = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
    const field = mode === "set" ? "setTo" : "delta";
    if (Number.isNaN(quantity) || (mode !== "set" && quantity === 0)) {
      setLocalIssues([{ path: field, message: mode === "set" ? "Enter the counted stock, a whole number" : "Enter a whole number of units, at least 1" }]);
      return;
    }
    setLocalIssues([]);
    const note = String(f.get("note") ?? "").trim();
    adjust.mutate(
      {
        id: variant.id,
        ...(mode === "set" ? { setTo: quantity } : { delta: mode === "add" ? quantity : -quantity }),
        reason: String(f.get("reason")) as Reason,
        ...(note ? { note } : {}),
      },
      { onSuccess: () => form.reset() },
    );
  }

  return (
    <div className="stock-row">
      <div className="stock-head">
        <h3 id={`${id}-name`}>{name}</h3>
        <p>
          <span className="stock-count">{variant.stock}</span> in stock{" "}
          {variant.stock === 0 ? <StatusBadge tone="bad">Out of stock</StatusBadge> : variant.stock <= lowStockThreshold ? <StatusBadge tone="warn">Low</StatusBadge> : null}
          {!variant.isActive && <StatusBadge>Inactive</StatusBadge>}
        </p>
      </div>
      <form className="admin-grid stock-form" onSubmit={onSubmit} aria-label={`Adjust stock of ${name}`} noValidate>
        <FormErrors error={adjust.error} issues={localIssues.length ? localIssues : undefined} shown={["delta", "setTo", "reason", "note"]} />
        <Field label="Change" path="mode" issues={[]}>
          <select name="mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
            <option value="add">Add units</option>
            <option value="remove">Remove units</option>
            <option value="set">Set counted stock</option>
          </select>
        </Field>
        <Field label={mode === "set" ? "Counted stock" : "Units"} path={mode === "set" ? "setTo" : "delta"} issues={issues}>
          <input name="quantity" inputMode="numeric" autoComplete="off" required />
        </Field>
        <Field label="Reason" path="reason" issues={issues}>
          <select name="reason" defaultValue="restock">
            {REASONS.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Note (optional)" path="note" issues={issues}>
          <input name="note" maxLength={500} />
        </Field>
        <div className="admin-buttons align-end">
          <button type="submit" disabled={adjust.isPending}>
            {adjust.isPending ? "Saving…" : "Save stock change"}
          </button>
        </div>
      </form>
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <button type="button" className="link" aria-expanded={showHistory} aria-controls={`${id}-history`} onClick={() => setShowHistory((s) => !s)}>
        {showHistory ? "Hide history" : "Show history"}
      </button>
      <div id={`${id}-history`} hidden={!showHistory}>
        {showHistory && history.isPending && <p className="muted">Loading…</p>}
        {history.isError && !history.isFetchNextPageError && (
          <p className="alert" role="alert">
            The history could not be loaded.
          </p>
        )}
        {history.data && (
          <>
            {history.data.pages[0]?.items.length === 0 ? (
              <p className="muted">No stock changes yet.</p>
            ) : (
              <div className="admin-table-scroll" role="region" aria-label={`Stock history of ${name}`} tabIndex={0}>
                <table className="admin-table">
                  <caption className="visually-hidden">Stock history of {name}</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col" className="num">
                        Change
                      </th>
                      <th scope="col" className="num">
                        After
                      </th>
                      <th scope="col">Reason</th>
                      <th scope="col">By</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.data.pages.flatMap((page) =>
                      page.items.map((a) => (
                        <tr key={a.id}>
                          <td data-label="When">{formatDateTime(a.createdAt)}</td>
                          <td data-label="Change" className="num">
                            {a.delta > 0 ? `+${a.delta}` : a.delta}
                          </td>
                          <td data-label="After" className="num">
                            {a.stockAfter}
                          </td>
                          <td data-label="Reason">
                            {REASON_LABEL[a.reason] ?? a.reason}
                            {a.note && <div className="muted small">{a.note}</div>}
                          </td>
                          <td data-label="By">{a.actor ? (a.actor.name ?? a.actor.phone) : <span className="muted">—</span>}</td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </table>
              </div>
            )}
            <LoadMore pages={history} label="Older changes" />
          </>
        )}
      </div>
    </div>
  );
}

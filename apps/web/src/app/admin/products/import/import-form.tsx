"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { FormErrors, issuesOf } from "../../_components/form-errors";
import { rawCall } from "../../_components/raw-client";
import { StatusBadge } from "../../_components/status-badge";

interface ImportReport {
  dryRun: boolean;
  rows: number;
  counts: { create: number; update: number; unchanged: number; invalid: number };
  productsToCreate: number;
  errors: { row: number; sku: string | null; errors: { column: string; message: string }[] }[];
  written: {
    batches: number;
    productsCreated: number;
    variantsCreated: number;
    variantsUpdated: number;
    stockAdjustments: number;
    failedBatches: { firstRow: number; lastRow: number; rows: number; message: string }[];
  } | null;
}

/** Row errors shown on the page; the rest are summed up (the file should be fixed from the first ones anyway). */
const SHOWN_ERRORS = 500;

/**
 * Two steps with one file: a dry run that reports every row's errors, then "Import N rows" that writes the good
 * rows (in batches of one transaction each). Choosing another file starts again.
 */
export function ImportForm({ maxUploadBytes }: { maxUploadBytes: number }) {
  const id = useId();
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<"check" | "import" | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  function choose(next: File | null) {
    setFile(next);
    setCheck(null);
    setResult(null);
    setError(null);
    setProblem(next && next.size > maxUploadBytes ? `The file is ${(next.size / 1_048_576).toFixed(1)} MiB; the limit is ${Math.floor(maxUploadBytes / 1_048_576)} MiB.` : null);
  }

  async function send(dryRun: boolean) {
    if (!file) return;
    setBusy(dryRun ? "check" : "import");
    setError(null);
    try {
      const report = await rawCall<ImportReport>(`/admin/products/import/upload?dryRun=${dryRun}`, { body: file, contentType: "text/csv" });
      if (dryRun) setCheck(report);
      else {
        setResult(report);
        router.refresh();
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setProblem("Choose a CSV file first.");
      return;
    }
    if (!problem) void send(true);
  }

  const good = check ? check.rows - check.counts.invalid : 0;
  const issues = issuesOf(error);
  return (
    <div className="admin-section stack-wide">
      <form className="admin-form panel" onSubmit={onSubmit} aria-labelledby={`${id}-title`} noValidate>
        <h2 id={`${id}-title`}>1. Check the file</h2>
        <FormErrors error={error} issues={issues.length ? issues : undefined} />
        <div className="field">
          <label htmlFor={`${id}-file`}>CSV file</label>
          <input id={`${id}-file`} type="file" name="file" accept=".csv,text/csv" onChange={(e) => choose(e.target.files?.[0] ?? null)} aria-describedby={`${id}-hint`} />
          <span id={`${id}-hint`} className="muted small">
            UTF-8, comma-separated, up to {Math.floor(maxUploadBytes / 1_048_576)} MiB
          </span>
          {problem && (
            <span className="field-error" role="alert">
              {problem}
            </span>
          )}
        </div>
        <div className="admin-buttons">
          <button type="submit" disabled={!file || busy !== null}>
            {busy === "check" ? "Checking…" : "Check file"}
          </button>
        </div>
      </form>

      {check && !result && (
        <section className="panel" aria-labelledby={`${id}-report`}>
          <h2 id={`${id}-report`}>2. What the import would do</h2>
          <ReportCounts report={check} />
          {check.errors.length > 0 ? <RowErrors report={check} /> : <p className="notice">Every row is valid.</p>}
          <div className="admin-buttons">
            <button type="button" onClick={() => void send(false)} disabled={good === 0 || busy !== null}>
              {busy === "import" ? "Importing…" : `Import ${good} ${good === 1 ? "row" : "rows"}`}
            </button>
            {check.counts.invalid > 0 && <span className="muted small">Rows with errors are skipped; fix them and import the file again later.</span>}
          </div>
        </section>
      )}

      {result?.written && (
        <section className="panel" aria-labelledby={`${id}-done`}>
          <h2 id={`${id}-done`}>Imported</h2>
          <div role="status">
            <p className="notice">
              {result.written.variantsCreated} variants created ({result.written.productsCreated} new products), {result.written.variantsUpdated} updated,{" "}
              {result.written.stockAdjustments} stock changes recorded, in {result.written.batches} {result.written.batches === 1 ? "batch" : "batches"}.
            </p>
          </div>
          {result.written.failedBatches.length > 0 && (
            <div className="alert" role="alert">
              <p>Some batches were not written (nothing of them was saved); the others stand:</p>
              <ul>
                {result.written.failedBatches.map((b) => (
                  <li key={b.firstRow}>
                    Rows {b.firstRow}–{b.lastRow} ({b.rows} rows): {b.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {result.errors.length > 0 && <RowErrors report={result} />}
          <p>
            <Link href="/admin/products?sort=updated">See the products, last edited first</Link>
          </p>
        </section>
      )}
    </div>
  );
}

function ReportCounts({ report }: { report: ImportReport }) {
  return (
    <dl className="import-counts">
      <div>
        <dt>Rows</dt>
        <dd>{report.rows}</dd>
      </div>
      <div>
        <dt>New variants</dt>
        <dd>
          {report.counts.create}
          {report.productsToCreate > 0 && <span className="muted small"> ({report.productsToCreate} new products)</span>}
        </dd>
      </div>
      <div>
        <dt>Updates</dt>
        <dd>{report.counts.update}</dd>
      </div>
      <div>
        <dt>Unchanged</dt>
        <dd>{report.counts.unchanged}</dd>
      </div>
      <div>
        <dt>With errors</dt>
        <dd>{report.counts.invalid > 0 ? <StatusBadge tone="bad">{report.counts.invalid}</StatusBadge> : 0}</dd>
      </div>
    </dl>
  );
}

function RowErrors({ report }: { report: ImportReport }) {
  const shown = report.errors.slice(0, SHOWN_ERRORS);
  return (
    <>
      <div className="admin-table-scroll" role="region" aria-label="Rows with errors" tabIndex={0}>
        <table className="admin-table">
          <caption>
            Rows with errors ({report.errors.length}
            {report.errors.length > shown.length ? `, the first ${shown.length} shown` : ""})
          </caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Row
              </th>
              <th scope="col">SKU</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {shown.flatMap((r) =>
              r.errors.map((e, i) => (
                <tr key={`${r.row}-${i}`}>
                  <td data-label="Row" className="num">
                    {r.row}
                  </td>
                  <td data-label="SKU">{r.sku ?? <span className="muted">—</span>}</td>
                  <td data-label="Column">
                    <code>{e.column}</code>
                  </td>
                  <td data-label="Problem">{e.message}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";

export interface Column<Row> {
  /** Unique per table; also the sort key when `sortable`. */
  key: string;
  header: ReactNode;
  /** The cell's label when the table stacks into cards on a phone (defaults to the header when it is text). */
  label?: string;
  cell: (row: Row) => ReactNode;
  /** Right-aligned, no wrapping (amounts, counts). */
  numeric?: boolean;
  /** The cell that names the row (a <th scope="row">, the card's heading on a phone). */
  rowHeader?: boolean;
  /** Detail that may go on narrower screens (tablet and phone): what the row's own page shows anyway. */
  optional?: boolean;
  /** Left out of the phone's cards only (e.g. a thumbnail). */
  hideOnPhone?: boolean;
}

export interface DataTableProps<Row> {
  /** Said by screen readers and shown above the table (visually hidden with captionHidden). */
  caption: string;
  captionHidden?: boolean;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Sort links in the headers: the href for a column key and the column sorted now. */
  sort?: { current?: string; direction?: "asc" | "desc"; hrefFor: (key: string) => string | undefined };
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
}

const cellClass = (column: { numeric?: boolean; optional?: boolean; hideOnPhone?: boolean }) =>
  [column.numeric ? "num" : "", column.optional ? "col-optional" : "", column.hideOnPhone ? "col-no-phone" : ""].filter(Boolean).join(" ") || undefined;

/**
 * A server-rendered table. Above 640 px it is an ordinary table (scrolling inside its own focusable region if a
 * column is too wide, never the page); on a phone each row becomes a card with labelled cells.
 */
export function DataTable<Row>({ caption, captionHidden, columns, rows, rowKey, sort, empty }: DataTableProps<Row>) {
  if (rows.length === 0 && empty) return <>{empty}</>;
  return (
    <div className="admin-table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="admin-table">
        <caption className={captionHidden ? "visually-hidden" : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const href = sort?.hrefFor(column.key);
              const current = sort?.current === column.key;
              const ariaSort = current ? (sort?.direction === "desc" ? "descending" : "ascending") : undefined;
              return (
                <th key={column.key} scope="col" className={cellClass(column)} aria-sort={ariaSort}>
                  {href ? (
                    <Link href={href} className="sort-link">
                      {column.header}
                      {current && <span aria-hidden="true">{sort?.direction === "desc" ? " ▼" : " ▲"}</span>}
                    </Link>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => {
                const label = column.label ?? (typeof column.header === "string" ? column.header : column.key);
                const className = cellClass(column);
                return column.rowHeader ? (
                  <th key={column.key} scope="row" data-label={label} className={className}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.key} data-label={label} className={className}>
                    {/* One box for the value, so a phone's card lays out label | value whatever the cell holds. */}
                    <div className="cell-value">{column.cell(row)}</div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

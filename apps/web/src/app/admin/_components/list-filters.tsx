import Form from "next/form";
import Link from "next/link";
import type { ReactNode } from "react";
import { param, PAGE_PARAMS, type SearchParams } from "./url-state";

export interface ListFiltersProps {
  /** The list page's path: the form submits to it with GET, so its fields become the address's query. */
  path: string;
  params: SearchParams;
  /** The names of the fields inside (SearchBox, FilterSelect...): every other parameter (sort...) is carried along. */
  fields: readonly string[];
  label: string;
  children: ReactNode;
}

/**
 * The search-and-filter form of a list. A GET form (next/form: a client-side navigation once hydrated, an
 * ordinary GET before), so the address holds the state; a new search starts at the first page.
 */
export function ListFilters({ path, params, fields, label, children }: ListFiltersProps) {
  const carried = Object.entries(params).filter(
    ([key, value]) => !fields.includes(key) && !(PAGE_PARAMS as readonly string[]).includes(key) && value !== undefined && value !== "",
  );
  const active = fields.some((name) => param(params, name) !== undefined);
  return (
    // Keyed by the address: after back/forward the fields show that address's values, not the last ones typed.
    <Form key={JSON.stringify(params)} action={path} className="admin-filters" role="search" aria-label={label}>
      {carried.flatMap(([key, value]) =>
        (Array.isArray(value) ? value : [value!]).map((v, i) => <input key={`${key}-${i}`} type="hidden" name={key} value={v} />),
      )}
      {children}
      <div className="admin-filter-buttons">
        <button type="submit">Apply</button>
        {active && (
          <Link href={path} className="button secondary">
            Clear
          </Link>
        )}
      </div>
    </Form>
  );
}

/** A text search (q by default), pre-filled from the address. */
export function SearchBox({ params, name = "q", label = "Search", placeholder }: { params: SearchParams; name?: string; label?: string; placeholder?: string }) {
  return (
    <label className="admin-search">
      {label}
      <input type="search" name={name} defaultValue={param(params, name) ?? ""} placeholder={placeholder} maxLength={200} />
    </label>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

/**
 * A filter over a fixed set of values; "" (the first option, `anyLabel`) means "any". With anyLabel null there is
 * no such option (a sort order): `fallback` is selected when the address names none.
 */
export function FilterSelect({
  params,
  name,
  label,
  options,
  anyLabel = "Any",
  fallback = "",
}: {
  params: SearchParams;
  name: string;
  label: string;
  options: readonly FilterOption[];
  anyLabel?: string | null;
  fallback?: string;
}) {
  const current = param(params, name) ?? "";
  return (
    <label>
      {label}
      <select name={name} defaultValue={options.some((o) => o.value === current) ? current : fallback}>
        {anyLabel !== null && <option value="">{anyLabel}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A yes/no filter (e.g. low stock only): present in the address as name=1 when checked. */
export function FilterCheckbox({ params, name, label }: { params: SearchParams; name: string; label: string }) {
  return (
    <label className="check">
      <input type="checkbox" name={name} value="1" defaultChecked={param(params, name) === "1"} />
      {label}
    </label>
  );
}

/**
 * The product CSV: one row per variant, the columns the export writes and the import reads. This file holds the
 * pure part: bytes to rows (encoding, CSV syntax, the header) and each row's cells to typed fields with every
 * error of the row. What the rows mean against the shop (create or update, consistency within a product) is
 * product-import.ts.
 */
import { parse } from "csv-parse/sync";
import { MAX_TAG_LENGTH, MAX_TAGS, OPTION_NAME_MAX_LENGTH, OPTION_VALUE_MAX_LENGTH } from "../../catalog/catalog.schemas";
import { normalizeTags } from "../../catalog/catalog.service";
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from "../../catalog/slug";
import { DomainError } from "../../errors/domain-error";
import { MAX_INT4 } from "../../infra/int4";
import { SKU_PATTERN } from "./products-admin.schemas";

export const CSV_COLUMNS = [
  "sku",
  "product_slug",
  "product_name",
  "category_slug",
  "option1_name",
  "option1_value",
  "option2_name",
  "option2_value",
  "option3_name",
  "option3_value",
  "price",
  "compare_at_price",
  "stock",
  "active",
  "currency",
  "description",
  "tags",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Tags share one cell, separated by this. */
export const TAG_SEPARATOR = "|";

export interface CellError {
  column: string;
  message: string;
}

export interface CsvRecord {
  /** As a spreadsheet numbers it: the header is row 1. */
  row: number;
  cells: Partial<Record<CsvColumn, string>>;
  /** Errors of the row's shape (its number of cells), before its fields are read. */
  shapeError?: CellError;
}

export interface CsvFile {
  columns: CsvColumn[];
  records: CsvRecord[];
}

const badFile = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError("VALIDATION", message, { details: { field: "body", ...details } });

/** Bytes to header and records; anything that is not a UTF-8 CSV file with a known header is a 400. */
export function readCsvFile(bytes: Uint8Array | undefined, limits: { maxRows: number }): CsvFile {
  if (!bytes || bytes.byteLength === 0) throw badFile("The file is empty: send a CSV file with a header row");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw badFile("The file is not UTF-8 text: save it as \"CSV UTF-8\" and upload it again");
  }
  if (text.includes("\0")) throw badFile("The file is not CSV text (it contains NUL bytes; is it a spreadsheet file?)");
  let table: string[][];
  try {
    table = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw badFile(`The file is not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = table;
  if (!header) throw badFile("The file is empty: send a CSV file with a header row");
  const names = header.map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw badFile(`Unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `"${n}"`).join(", ")}: the columns are ${CSV_COLUMNS.join(", ")}`, {
      unknownColumns: unknown,
    });
  }
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) throw badFile(`Column "${repeated[0]}" appears twice in the header`);
  const columns = names as CsvColumn[];
  if (!columns.includes("sku")) throw badFile("The header has no sku column: every row names its variant by SKU");
  for (const k of [1, 2, 3]) {
    if (columns.includes(`option${k}_name` as CsvColumn) !== columns.includes(`option${k}_value` as CsvColumn)) {
      throw badFile(`option${k}_name and option${k}_value go together: the header has only one of them`);
    }
  }
  if (rows.length > limits.maxRows) {
    throw badFile(`The file has ${rows.length} rows; at most ${limits.maxRows} can be imported at once: split it`, { maxRows: limits.maxRows });
  }
  const records = rows.map((cells, i): CsvRecord => {
    const record: CsvRecord = { row: i + 2, cells: {} };
    columns.forEach((column, j) => (record.cells[column] = cells[j] ?? ""));
    if (cells.length !== columns.length) {
      record.shapeError = { column: "(row)", message: `The row has ${cells.length} cells; the header has ${columns.length}` };
    }
    return record;
  });
  return { columns, records };
}

/** A row's fields, typed. Absent: the column is not in the file, or (where said) the cell is empty. */
export interface RowFields {
  sku: string;
  /** Absent or empty: not given (an existing SKU keeps its product). */
  slug?: string;
  /** Absent or empty: not given. */
  name?: string;
  /** null: no category (an empty cell). */
  categorySlug?: string | null;
  /** Given when the file has option columns: the row's [name, value] pairs in order (empty pairs dropped). */
  options?: { name: string; value: string }[];
  /** Empty: not given. */
  price?: number;
  /** null: none (an empty cell). */
  compareAtPrice?: number | null;
  /** Empty: not given. */
  stock?: number;
  /** Empty: not given. */
  active?: boolean;
  /** Empty: not given. */
  currency?: string;
  description?: string;
  tags?: string[];
}

const MINOR_UNITS = /^\d+$/;

function wholeNumber(cell: string, column: string, errors: CellError[]): number | undefined {
  if (MINOR_UNITS.test(cell)) {
    const value = Number(cell);
    if (value <= MAX_INT4) return value;
    errors.push({ column, message: `Must be at most ${MAX_INT4}` });
    return undefined;
  }
  if (/^-\s*\d/.test(cell)) errors.push({ column, message: "Must not be negative" });
  else if (/^\d*[.,]\d+$/.test(cell)) errors.push({ column, message: "A whole number of minor units (cents), e.g. 1250 for 12.50" });
  else errors.push({ column, message: `"${cell.slice(0, 40)}" is not a whole number` });
  return undefined;
}

function optionText(cell: string, column: string, max: number, errors: CellError[]): string | undefined {
  if (cell.length > max) errors.push({ column, message: `At most ${max} characters` });
  else if (/[:,|]/.test(cell)) errors.push({ column, message: "Must not contain : , or |" });
  else return cell;
  return undefined;
}

/** The typed fields of one record and every error in them (all columns are checked, not just the first bad one). */
export function readRow(record: CsvRecord, columns: readonly CsvColumn[]): { fields: RowFields; errors: CellError[] } {
  const errors: CellError[] = record.shapeError ? [record.shapeError] : [];
  const cell = (column: CsvColumn) => (record.cells[column] ?? "").trim();
  const has = (column: CsvColumn) => columns.includes(column);

  const sku = cell("sku");
  if (sku === "") errors.push({ column: "sku", message: "Required" });
  else if (sku.length > 64) errors.push({ column: "sku", message: "At most 64 characters" });
  else if (!SKU_PATTERN.test(sku)) errors.push({ column: "sku", message: "Letters, digits, dots, hyphens and underscores, starting with a letter or digit" });
  const fields: RowFields = { sku };

  if (has("product_slug") && cell("product_slug") !== "") {
    const slug = cell("product_slug");
    if (slug.length > SLUG_MAX_LENGTH || !SLUG_PATTERN.test(slug)) {
      errors.push({ column: "product_slug", message: "Lowercase letters, digits and single hyphens" });
    } else fields.slug = slug;
  }
  if (has("product_name") && cell("product_name") !== "") {
    const name = cell("product_name");
    if (name.length > 200) errors.push({ column: "product_name", message: "At most 200 characters" });
    else fields.name = name;
  }
  if (has("category_slug")) {
    const slug = cell("category_slug");
    if (slug !== "" && !SLUG_PATTERN.test(slug)) errors.push({ column: "category_slug", message: "Not a category slug" });
    else fields.categorySlug = slug === "" ? null : slug;
  }
  if (has("option1_name")) {
    const options: { name: string; value: string }[] = [];
    let gap = false;
    for (const k of [1, 2, 3] as const) {
      const nameColumn = `option${k}_name` as CsvColumn;
      const valueColumn = `option${k}_value` as CsvColumn;
      if (!has(nameColumn)) continue;
      const name = cell(nameColumn);
      const value = cell(valueColumn);
      if (name === "" && value === "") {
        gap = true;
        continue;
      }
      if (name === "") errors.push({ column: nameColumn, message: `Required with ${valueColumn}` });
      if (value === "") errors.push({ column: valueColumn, message: `Required with ${nameColumn}` });
      if (gap) errors.push({ column: nameColumn, message: `option${k - 1}_name is empty: fill the options in order` });
      const n = name === "" ? undefined : optionText(name, nameColumn, OPTION_NAME_MAX_LENGTH, errors);
      const v = value === "" ? undefined : optionText(value, valueColumn, OPTION_VALUE_MAX_LENGTH, errors);
      if (n !== undefined && v !== undefined) options.push({ name: n, value: v });
    }
    const lower = options.map((o) => o.name.toLowerCase());
    lower.forEach((name, i) => {
      if (lower.indexOf(name) !== i) errors.push({ column: `option${i + 1}_name`, message: `Option "${options[i]!.name}" is given twice` });
    });
    fields.options = options;
  }
  if (has("price") && cell("price") !== "") fields.price = wholeNumber(cell("price"), "price", errors);
  if (has("compare_at_price")) {
    const value = cell("compare_at_price");
    fields.compareAtPrice = value === "" ? null : wholeNumber(value, "compare_at_price", errors);
  }
  if (fields.price !== undefined && typeof fields.compareAtPrice === "number" && fields.compareAtPrice <= fields.price) {
    errors.push({ column: "compare_at_price", message: "Must be above the price (or empty)" });
  }
  if (has("stock") && cell("stock") !== "") fields.stock = wholeNumber(cell("stock"), "stock", errors);
  if (has("active") && cell("active") !== "") {
    const value = cell("active").toLowerCase();
    if (["true", "1", "yes"].includes(value)) fields.active = true;
    else if (["false", "0", "no"].includes(value)) fields.active = false;
    else errors.push({ column: "active", message: "true or false" });
  }
  if (has("currency") && cell("currency") !== "") {
    const value = cell("currency").toUpperCase();
    if (!/^[A-Z]{3}$/.test(value)) errors.push({ column: "currency", message: "An ISO 4217 code, e.g. USD" });
    else fields.currency = value;
  }
  if (has("description")) {
    const value = record.cells.description ?? "";
    if (value.length > 10_000) errors.push({ column: "description", message: "At most 10000 characters" });
    else fields.description = value;
  }
  if (has("tags")) {
    const tags = normalizeTags(cell("tags") === "" ? [] : cell("tags").split(TAG_SEPARATOR));
    if (tags.length > MAX_TAGS) errors.push({ column: "tags", message: `At most ${MAX_TAGS} tags` });
    else if (tags.some((tag) => tag.length > MAX_TAG_LENGTH)) errors.push({ column: "tags", message: `Each tag at most ${MAX_TAG_LENGTH} characters` });
    else fields.tags = tags;
  }
  return { fields, errors };
}

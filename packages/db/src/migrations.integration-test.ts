/**
 * The committed migrations build the whole schema on an empty database, and they say exactly what
 * schema.prisma says (so nobody edited one without the other).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runPrisma } from "./migrate";
import { scratchDatabase, type ScratchDatabase } from "./testing";

const packageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const committedMigrations = readdirSync(path.join(packageDir, "prisma", "migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const TABLES = [
  "_prisma_migrations",
  "audit_log",
  "cart_items",
  "carts",
  "categories",
  "idempotency_keys",
  "order_items",
  "order_notifications",
  "order_status_history",
  "orders",
  "payment_events",
  "payments",
  "product_images",
  "product_options",
  "product_variants",
  "products",
  "refresh_tokens",
  "refunds",
  "reviews",
  "search_terms",
  "sessions",
  "stock_adjustments",
  "users",
];

// Hand-written SQL at the end of the migration. `migrate diff` ignores CHECK constraints and expression
// indexes, so a regenerated migration that lost them would still pass the diff below; this catches that.
const CHECK_CONSTRAINTS = [
  "carts_has_owner",
  "cart_items_quantity_positive",
  "categories_not_own_parent",
  "order_items_prices_nonnegative",
  "order_items_quantity_positive",
  "order_notifications_event_known",
  "orders_payment_method_known",
  "orders_refunded_within_total",
  "orders_currency_iso4217",
  "orders_totals_nonnegative",
  "payments_amount_nonnegative",
  "products_currency_iso4217",
  "products_price_nonnegative",
  "products_rating_average_range",
  "products_rating_count_nonnegative",
  "products_stock_nonnegative",
  "product_options_values_count",
  "product_variants_compare_at_price_nonnegative",
  "product_variants_price_nonnegative",
  "product_variants_sku_not_blank",
  "product_variants_stock_nonnegative",
  "refunds_amount_positive",
  "reviews_rating_range",
  "stock_adjustments_delta_nonzero",
  "stock_adjustments_reason_known",
  "stock_adjustments_stock_after_nonnegative",
  "users_phone_e164",
];
const EXTRA_INDEXES = [
  "products_in_stock_created_idx",
  "products_search_vector_idx",
  "product_options_product_id_name_key",
  "product_variants_option_keys_idx",
  "product_variants_optioned_idx",
  "orders_pending_expiry_idx",
  "payments_one_open_per_order",
  "products_facet_idx",
  "orders_unpaid_created_idx",
  "orders_number_pattern_idx",
  "order_items_sales_idx",
  "orders_refunded_created_idx",
  "orders_paid_at_sales_idx",
  "product_variants_low_stock_idx",
];
// The search document and vocabulary are kept by triggers, which `migrate diff` does not see either.
const TRIGGERS = [
  "categories.categories_search_refresh",
  "product_variants.product_variants_rollup",
  "products.products_default_variant",
  "products.products_price_stock_to_variant",
  "products.products_search_terms_insert",
  "products.products_search_terms_update",
  "products.products_search_vector",
];

let scratch: ScratchDatabase;
let client: pg.Client;

beforeAll(async () => {
  scratch = await scratchDatabase("db_migrations", { migrate: true });
  client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await scratch?.drop();
});

async function column(sql: string): Promise<string[]> {
  const result = await client.query<{ value: string }>(sql);
  return result.rows.map((row) => row.value);
}

async function shadowDatabases(): Promise<string[]> {
  return column(`SELECT datname AS value FROM pg_database WHERE datname LIKE 'prisma\\_shadow\\_%'`);
}

it("records every committed migration as applied, none failed or rolled back", async () => {
  expect(committedMigrations.length).toBeGreaterThan(0);
  const { rows } = await client.query<{
    migration_name: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
    logs: string | null;
  }>(`SELECT migration_name, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY migration_name`);
  expect(rows.map((r) => r.migration_name)).toEqual(committedMigrations);
  for (const row of rows) {
    expect(row.finished_at, row.migration_name).toBeInstanceOf(Date);
    expect(row.rolled_back_at, row.migration_name).toBeNull();
    expect(row.logs, row.migration_name).toBeNull();
  }
});

it("creates every table of the data model", async () => {
  const tables = await column(
    `SELECT table_name AS value FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  expect(tables).toEqual(TABLES);
});

it("creates the hand-written CHECK constraints and indexes", async () => {
  const checks = await column(
    `SELECT c.conname AS value FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE n.nspname = 'public' AND c.contype = 'c' ORDER BY c.conname`,
  );
  expect(checks).toEqual([...CHECK_CONSTRAINTS].sort());
  const indexes = await column(`SELECT indexname AS value FROM pg_indexes WHERE schemaname = 'public'`);
  expect(indexes).toEqual(expect.arrayContaining(EXTRA_INDEXES));
  const triggers = await column(
    `SELECT c.relname || '.' || t.tgname AS value FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1`,
  );
  expect(triggers).toEqual(TRIGGERS);
  // Searches never scan a GIN pending list (migration 20261202080000): entries go straight into the index.
  const options = await column(`SELECT array_to_string(reloptions, ',') AS value FROM pg_class WHERE relname = 'products_search_vector_idx'`);
  expect(options).toEqual(["fastupdate=off"]);
});

it("has nothing left to apply on a second deploy", async () => {
  const run = await runPrisma(["migrate", "deploy"], scratch.url);
  expect(run.code, run.output).toBe(0);
  expect(run.output).toContain("No pending migrations to apply");
});

it("matches schema.prisma exactly, and cleans up its shadow database", async () => {
  const before = await shadowDatabases();
  const run = await runPrisma(
    [
      "migrate",
      "diff",
      "--from-migrations",
      "prisma/migrations",
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--exit-code",
    ],
    scratch.url,
  );
  expect(run.code, run.output).toBe(0);
  expect(run.output).toContain("No difference detected");
  // Compared with the list from before, so a stale shadow database from an older crashed run does not fail this.
  const leftOver = (await shadowDatabases()).filter((name) => !before.includes(name));
  expect(leftOver).toEqual([]);
});

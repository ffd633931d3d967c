/**
 * Migration 20261203000000_product_variants on a populated database: the schema as it was before, 100,000
 * products (the bench's scale) with images, carts and orders, then the migration. Every product must come out
 * with exactly one default variant holding its price and stock, every cart line and order item must name it, and
 * nothing may be lost; afterwards the triggers keep products and variants in step.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { scratchDatabase, type ScratchDatabase } from "./testing";

const VARIANTS_MIGRATION = "20261203000000_product_variants";
const PRODUCTS = 100_000;
const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "prisma", "migrations");
const migrations = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const sqlOf = (name: string) => readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");

let scratch: ScratchDatabase;
let client: pg.Client;
const before: Record<string, number> = {};

async function one<T>(sql: string): Promise<T> {
  return (await client.query(sql)).rows[0] as T;
}

beforeAll(async () => {
  scratch = await scratchDatabase("db_variants_migration");
  client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  // The schema as it was: every migration before the variants one (simple protocol: a file in one call).
  for (const name of migrations.filter((m) => m < VARIANTS_MIGRATION)) await client.query(sqlOf(name));

  await client.query(`
    INSERT INTO users (id, phone, created_at, updated_at)
    SELECT gen_random_uuid(), '+4477' || lpad(g::text, 8, '0'), now(), now() FROM generate_series(1, 100) g`);
  await client.query(`
    INSERT INTO products (id, slug, name, description, price, currency, stock, is_active, created_at, updated_at)
    SELECT gen_random_uuid(),
           CASE WHEN g % 1000 = 0 THEN repeat('long-slug-', 14) || g ELSE 'product-' || g END,
           'Product ' || g, 'Described ' || g, (g * 37) % 100000, 'USD', (g * 13) % 50, g % 50 <> 0, now(), now()
    FROM generate_series(1, ${PRODUCTS}) g`);
  await client.query(`
    INSERT INTO product_images (id, product_id, url, alt, position)
    SELECT gen_random_uuid(), id, '/images/' || slug || '.png', name, 0 FROM products WHERE price % 3 = 0`);
  await client.query(`
    INSERT INTO carts (id, user_id, created_at, updated_at) SELECT gen_random_uuid(), id, now(), now() FROM users`);
  await client.query(`
    INSERT INTO cart_items (id, cart_id, product_id, quantity, created_at, updated_at)
    SELECT gen_random_uuid(), c.id, p.id, 1, now(), now()
    FROM carts c CROSS JOIN LATERAL (SELECT id FROM products ORDER BY slug LIMIT 3 OFFSET (abs(hashtext(c.id::text)) % 1000)) p`);
  await client.query(`
    INSERT INTO orders (id, number, user_id, status, currency, subtotal, total, shipping_address, created_at, updated_at)
    SELECT gen_random_uuid(), 'SO-TEST-' || row_number() OVER (), id, 'pending', 'USD', 100, 100, '{}'::jsonb, now(), now() FROM users`);
  await client.query(`
    INSERT INTO order_items (id, order_id, product_id, product_name, product_slug, unit_price, quantity, line_total)
    SELECT gen_random_uuid(), o.id, p.id, p.name, p.slug, p.price, 2, p.price * 2
    FROM orders o CROSS JOIN LATERAL (SELECT id, name, slug, price FROM products ORDER BY price DESC LIMIT 2 OFFSET (abs(hashtext(o.id::text)) % 500)) p`);
  for (const table of ["products", "product_images", "cart_items", "order_items", "orders", "carts"]) {
    before[table] = (await one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n;
  }
  await client.query(sqlOf(VARIANTS_MIGRATION));
}, 300_000);

afterAll(async () => {
  await client?.end();
  await scratch?.drop();
});

it("loses nothing: every table keeps its rows", async () => {
  expect(before.products).toBe(PRODUCTS);
  for (const [table, count] of Object.entries(before)) {
    expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n, table).toBe(count);
  }
});

it("gives every product exactly one default variant with its price, stock and a unique SKU", async () => {
  const check = await one<Record<string, number>>(`
    SELECT count(*)::int AS variants,
           count(DISTINCT v.product_id)::int AS products,
           count(*) FILTER (WHERE v.price <> p.price OR v.stock <> p.stock)::int AS differing,
           count(*) FILTER (WHERE v.option_values <> '{}' OR v.title <> '' OR NOT v.is_active)::int AS not_default,
           count(*) FILTER (WHERE length(v.sku) > 64)::int AS too_long,
           count(DISTINCT v.sku)::int AS skus,
           count(*) FILTER (WHERE p.max_price <> p.price OR p.variant_count <> 1)::int AS bad_rollup,
           -- Clients validate ids as RFC 9562 UUIDs (zod's z.uuid()): version and variant nibbles must be right.
           count(*) FILTER (WHERE v.id::text !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')::int AS bad_ids
    FROM product_variants v JOIN products p ON p.id = v.product_id`);
  expect(check).toEqual({
    variants: PRODUCTS,
    products: PRODUCTS,
    differing: 0,
    not_default: 0,
    too_long: 0,
    skus: PRODUCTS,
    bad_rollup: 0,
    bad_ids: 0,
  });
  // Short slugs are the SKU; long ones are shortened with part of the id.
  expect((await one<{ sku: string }>(`SELECT sku FROM product_variants v JOIN products p ON p.id = v.product_id WHERE p.slug = 'product-7'`)).sku).toBe("product-7");
});

it("points every cart line and order item at its product's variant, copying the SKU", async () => {
  const lines = await one<Record<string, number>>(`
    SELECT count(*) FILTER (WHERE v.product_id IS DISTINCT FROM ci.product_id)::int AS wrong FROM cart_items ci
    LEFT JOIN product_variants v ON v.id = ci.variant_id`);
  expect(lines.wrong).toBe(0);
  const items = await one<Record<string, number>>(`
    SELECT count(*) FILTER (WHERE v.product_id IS DISTINCT FROM oi.product_id OR oi.sku <> v.sku)::int AS wrong
    FROM order_items oi LEFT JOIN product_variants v ON v.id = oi.variant_id`);
  expect(items.wrong).toBe(0);
});

it("then keeps products and variants in step: variant stock and price roll up, a direct product update goes down", async () => {
  const { id } = await one<{ id: string }>(`SELECT id FROM products WHERE slug = 'product-42'`);
  await client.query(`UPDATE product_variants SET stock = 9, price = 1234 WHERE product_id = $1`, [id]);
  expect((await client.query(`SELECT price, max_price, stock FROM products WHERE id = $1`, [id])).rows[0]).toEqual({ price: 1234, max_price: 1234, stock: 9 });
  await client.query(`UPDATE products SET stock = 4 WHERE id = $1`, [id]);
  expect((await client.query(`SELECT stock FROM product_variants WHERE product_id = $1`, [id])).rows[0]).toEqual({ stock: 4 });
  // A second variant: the product shows the range and the sum, and refuses a direct stock update.
  await client.query(
    `INSERT INTO product_variants (id, product_id, sku, title, option_values, price, stock) VALUES (gen_random_uuid(), $1, 'second-42', 'Big', '{Big}', 2000, 6)`,
    [id],
  );
  expect((await client.query(`SELECT price, max_price, stock, variant_count FROM products WHERE id = $1`, [id])).rows[0]).toEqual({
    price: 1234,
    max_price: 2000,
    stock: 10,
    variant_count: 2,
  });
  await expect(client.query(`UPDATE products SET stock = 1 WHERE id = $1`, [id])).rejects.toThrow(/2 variants/);
  // A product inserted without variants gets its default one at commit.
  const inserted = await one<{ id: string }>(
    `INSERT INTO products (id, slug, name, price, stock, updated_at) VALUES (gen_random_uuid(), 'late-product', 'Late', 300, 2, now()) RETURNING id`,
  );
  expect((await client.query(`SELECT sku, price, stock FROM product_variants WHERE product_id = $1`, [inserted.id])).rows).toEqual([
    { sku: "late-product", price: 300, stock: 2 },
  ]);
});

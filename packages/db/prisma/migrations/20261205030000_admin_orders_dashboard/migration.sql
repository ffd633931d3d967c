-- Back office orders and dashboard (issue 16): the indexes that keep the order list, its filters and the
-- dashboard off sequential scans at 100k orders (EXPLAIN figures: bench/lib/admin-explain.ts).

-- The order list sorted by total (sort=total_desc), and its keyset for the CSV export.
CREATE INDEX "orders_total_created_at_id_idx" ON "orders" ("total" DESC, "created_at" DESC, "id" DESC);

-- paymentStatus=unpaid (never paid: pending, or cancelled before payment), newest first. Its predicate is the
-- filter itself, so counting them is an index-only scan.
CREATE INDEX "orders_unpaid_created_idx" ON "orders" ("created_at" DESC, "id" DESC) WHERE "paid_at" IS NULL AND "refunded_total" = 0;

-- number=<prefix>: LIKE SO-20261201% can use a btree only with pattern operators unless the collation
-- of the database is exactly "C" (C.UTF-8 is not, before PostgreSQL 17). Numbers are never null: the predicate only
-- keeps the index out of `prisma migrate diff`, which compares plain indexes with schema.prisma.
CREATE INDEX "orders_number_pattern_idx" ON "orders" ("number" varchar_pattern_ops) WHERE "number" IS NOT NULL;

-- paymentStatus=partially_refunded / refunded: few orders, found without walking the whole list.
CREATE INDEX "orders_refunded_created_idx" ON "orders" ("created_at" DESC, "id" DESC) WHERE "refunded_total" > 0;

-- Dashboard: sales by the time of payment, read from the index alone (and the order ids whose items are
-- counted for the top products).
CREATE INDEX "orders_paid_at_sales_idx" ON "orders" ("paid_at") INCLUDE ("id", "currency", "total", "status") WHERE "paid_at" IS NOT NULL;

-- Dashboard: the lines of the paid orders of the 30 days, read from the index alone (one probe per order).
CREATE INDEX "order_items_sales_idx" ON "order_items" ("order_id") INCLUDE ("product_id", "quantity", "line_total") WHERE "product_id" IS NOT NULL;

-- Dashboard: refunds by the time they were given.
CREATE INDEX "refunds_created_at_idx" ON "refunds" ("created_at");

-- Dashboard: the active variants lowest in stock.
CREATE INDEX "product_variants_low_stock_idx" ON "product_variants" ("stock", "id") WHERE "is_active";

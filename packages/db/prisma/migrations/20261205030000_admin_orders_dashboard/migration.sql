-- Back office orders and dashboard (issue 16): the indexes that keep the order list, its filters and the
-- dashboard off sequential scans at 100k orders (EXPLAIN figures in the report of issue 16's orders area).

-- The order list sorted by total (sort=total_desc), and its keyset for the CSV export.
CREATE INDEX "orders_total_created_at_id_idx" ON "orders" ("total" DESC, "created_at" DESC, "id" DESC);

-- paymentStatus=unpaid (never paid: pending, or cancelled before payment), newest first.
CREATE INDEX "orders_unpaid_created_idx" ON "orders" ("created_at" DESC, "id" DESC) WHERE "paid_at" IS NULL;

-- paymentStatus=partially_refunded / refunded: few orders, found without walking the whole list.
CREATE INDEX "orders_refunded_created_idx" ON "orders" ("created_at" DESC, "id" DESC) WHERE "refunded_total" > 0;

-- Dashboard: sales by the time of payment, read from the index alone (and the order ids whose items are
-- counted for the top products).
CREATE INDEX "orders_paid_at_sales_idx" ON "orders" ("paid_at") INCLUDE ("id", "currency", "total", "status") WHERE "paid_at" IS NOT NULL;

-- Dashboard: refunds by the time they were given.
CREATE INDEX "refunds_created_at_idx" ON "refunds" ("created_at");

-- Dashboard: the active variants lowest in stock.
CREATE INDEX "product_variants_low_stock_idx" ON "product_variants" ("stock", "id") WHERE "is_active";

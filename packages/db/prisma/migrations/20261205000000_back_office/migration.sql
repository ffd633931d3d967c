-- Back office (issue 16): a staff role, blocked customers, archived categories and products, hidden reviews,
-- stored image sizes, stock adjustments kept as a history, an order's status history with notes, and the
-- audit log of every admin write.

-- staff: orders, fulfilment and stock, not prices, roles or refunds. Not used as a literal in this migration
-- (a new enum value cannot be used in the transaction that adds it).
ALTER TYPE "user_role" ADD VALUE IF NOT EXISTS 'staff';

-- A blocked user cannot sign in, and blocking also revokes every session (packages/core/src/admin/customers).
ALTER TABLE "users" ADD COLUMN "blocked_at" TIMESTAMPTZ(3), ADD COLUMN "blocked_reason" VARCHAR(200);

ALTER TABLE "categories" ADD COLUMN "archived_at" TIMESTAMPTZ(3);
-- Archived products are inactive (is_active = false, hidden from the shop) and keep what orders reference.
ALTER TABLE "products" ADD COLUMN "archived_at" TIMESTAMPTZ(3);

-- A hidden review is left out of the product's page and its rating summary.
ALTER TABLE "reviews" ADD COLUMN "hidden_at" TIMESTAMPTZ(3), ADD COLUMN "hidden_reason" VARCHAR(200);

-- Uploaded images: where the original and its WebP sizes are stored ([{ "width": 400, "key": "...", "url": "..." }]).
ALTER TABLE "product_images"
  ADD COLUMN "storage_key" VARCHAR(300),
  ADD COLUMN "sizes" JSONB NOT NULL DEFAULT '[]',
  ADD COLUMN "width" INTEGER,
  ADD COLUMN "height" INTEGER,
  ADD COLUMN "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Every change of a variant's stock by hand, with its reason. stock_after is the stock right after it.
CREATE TABLE "stock_adjustments" (
  "id" UUID NOT NULL,
  "variant_id" UUID NOT NULL,
  "product_id" UUID NOT NULL,
  "delta" INTEGER NOT NULL,
  "stock_after" INTEGER NOT NULL,
  "reason" VARCHAR(20) NOT NULL,
  "note" VARCHAR(500),
  "actor_id" UUID,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "stock_adjustments_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "stock_adjustments_delta_nonzero" CHECK ("delta" <> 0),
  CONSTRAINT "stock_adjustments_stock_after_nonnegative" CHECK ("stock_after" >= 0),
  CONSTRAINT "stock_adjustments_reason_known" CHECK ("reason" IN ('restock', 'correction', 'damaged', 'returned', 'import', 'other'))
);
CREATE INDEX "stock_adjustments_variant_id_created_at_id_idx" ON "stock_adjustments" ("variant_id", "created_at" DESC, "id" DESC);
CREATE INDEX "stock_adjustments_product_id_created_at_id_idx" ON "stock_adjustments" ("product_id", "created_at" DESC, "id" DESC);
ALTER TABLE "stock_adjustments" ADD CONSTRAINT "stock_adjustments_variant_id_fkey" FOREIGN KEY ("variant_id") REFERENCES "product_variants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "stock_adjustments" ADD CONSTRAINT "stock_adjustments_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "stock_adjustments" ADD CONSTRAINT "stock_adjustments_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Each status an order went through, who moved it (null: the shop itself, e.g. an expiry) and their note.
CREATE TABLE "order_status_history" (
  "id" UUID NOT NULL,
  "order_id" UUID NOT NULL,
  "from_status" "order_status",
  "to_status" "order_status" NOT NULL,
  "note" VARCHAR(500),
  "actor_id" UUID,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "order_status_history_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "order_status_history_order_id_created_at_idx" ON "order_status_history" ("order_id", "created_at");
ALTER TABLE "order_status_history" ADD CONSTRAINT "order_status_history_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "order_status_history" ADD CONSTRAINT "order_status_history_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The back office's order list, newest first without a status filter, and the dashboard's sales by day.
CREATE INDEX "orders_created_at_id_idx" ON "orders" ("created_at" DESC, "id" DESC);

-- Every admin write: who (actor_id, with the role they had), when, what (action on entity), before and after.
CREATE TABLE "audit_log" (
  "id" UUID NOT NULL,
  "actor_id" UUID,
  "actor_role" VARCHAR(16) NOT NULL,
  "action" VARCHAR(60) NOT NULL,
  "entity_type" VARCHAR(40) NOT NULL,
  "entity_id" VARCHAR(64),
  "summary" VARCHAR(300) NOT NULL DEFAULT '',
  "before" JSONB,
  "after" JSONB,
  "request_id" VARCHAR(128),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_log_created_at_id_idx" ON "audit_log" ("created_at" DESC, "id" DESC);
CREATE INDEX "audit_log_entity_idx" ON "audit_log" ("entity_type", "entity_id", "created_at" DESC);
CREATE INDEX "audit_log_actor_id_created_at_idx" ON "audit_log" ("actor_id", "created_at" DESC);
CREATE INDEX "audit_log_action_created_at_idx" ON "audit_log" ("action", "created_at" DESC);
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

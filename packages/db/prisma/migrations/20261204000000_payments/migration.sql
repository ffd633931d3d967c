-- Payments and the order lifecycle (issue 15). An order records how it is paid (manual or stripe), when it
-- expires unpaid (expires_at, null: never) and how much of it was refunded (never more than its total). Payments
-- are attempts through a provider (at most one open per order), payment_events every verified provider event,
-- recorded before the webhook is answered and unique per (provider, event id) so that each applies once, and
-- refunds the money given back.
CREATE TYPE "payment_status" AS ENUM ('open', 'paid', 'failed', 'expired');

ALTER TABLE "orders" ADD COLUMN "payment_method" VARCHAR(16) NOT NULL DEFAULT 'manual',
ADD COLUMN "expires_at" TIMESTAMPTZ(3),
ADD COLUMN "refunded_total" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "orders" ADD CONSTRAINT "orders_payment_method_known" CHECK ("payment_method" IN ('manual', 'stripe'));
ALTER TABLE "orders" ADD CONSTRAINT "orders_refunded_within_total" CHECK ("refunded_total" >= 0 AND "refunded_total" <= "total");
-- The expiry sweep reads only pending orders that can expire.
CREATE INDEX "orders_pending_expiry_idx" ON "orders"("expires_at") WHERE "status" = 'pending' AND "expires_at" IS NOT NULL;

CREATE TABLE "payments" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "provider" VARCHAR(16) NOT NULL,
    "provider_ref" VARCHAR(255) NOT NULL,
    "provider_payment_ref" VARCHAR(255),
    "status" "payment_status" NOT NULL DEFAULT 'open',
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "redirect_url" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "paid_at" TIMESTAMPTZ(3),

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "payments_amount_nonnegative" CHECK ("amount" >= 0)
);
CREATE INDEX "payments_order_id_created_at_idx" ON "payments"("order_id", "created_at");
CREATE UNIQUE INDEX "payments_provider_provider_ref_key" ON "payments"("provider", "provider_ref");
-- One open session per order: two concurrent "pay" requests cannot both open one.
CREATE UNIQUE INDEX "payments_one_open_per_order" ON "payments"("order_id") WHERE "status" = 'open';
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "payment_events" (
    "id" UUID NOT NULL,
    "provider" VARCHAR(16) NOT NULL,
    "event_id" VARCHAR(255) NOT NULL,
    "type" VARCHAR(100) NOT NULL,
    "order_id" UUID,
    "payment_id" UUID,
    "outcome" VARCHAR(200) NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "payment_events_order_id_received_at_idx" ON "payment_events"("order_id", "received_at");
CREATE UNIQUE INDEX "payment_events_provider_event_id_key" ON "payment_events"("provider", "event_id");
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "refunds" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "payment_id" UUID,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "provider" VARCHAR(16) NOT NULL,
    "provider_ref" VARCHAR(255),
    "reason" VARCHAR(500),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "refunds_amount_positive" CHECK ("amount" > 0)
);
CREATE INDEX "refunds_order_id_created_at_idx" ON "refunds"("order_id", "created_at");
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Texts about orders: one per order and event, claimed by the unique pair before it is sent, and an opt-out.
ALTER TABLE "users" ADD COLUMN "sms_notifications" BOOLEAN NOT NULL DEFAULT true;
CREATE TABLE "order_notifications" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "event" VARCHAR(16) NOT NULL,
    "status" VARCHAR(10) NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "order_notifications_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "order_notifications_event_known" CHECK ("event" IN ('placed', 'paid', 'shipped', 'cancelled', 'refunded'))
);
CREATE UNIQUE INDEX "order_notifications_order_id_event_key" ON "order_notifications"("order_id", "event");
ALTER TABLE "order_notifications" ADD CONSTRAINT "order_notifications_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

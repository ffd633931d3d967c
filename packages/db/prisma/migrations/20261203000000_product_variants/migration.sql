-- Options and variants. A product has ordered options (Size, Colour), each with ordered values, and variants:
-- one value per option, a unique SKU, its own price, compare-at price, stock, image and active flag. A product
-- without options has exactly one default variant, so everything that knew only products keeps working:
--   * every existing product gets its default variant here, with its price and stock (set-based, no triggers yet)
--   * products.price, max_price, stock and variant_count are kept from the active variants by a deferred
--     trigger (the lowest and highest price, the sum of stock), so the catalogue's indexes and sorts stay as
--     they are. Deferred to commit: a checkout locks its variant rows first and the product rows after, in the
--     order its lines were taken (product id order), so two checkouts cannot deadlock on them.
--   * a product inserted without variants (an older client, a test fixture, a bulk load) gets its default
--     variant at commit, and a direct UPDATE of the price or stock of a one-variant product goes to that variant.
--   * cart lines and order items name the variant (order items copy its SKU, title and option values).
-- The runner splits this file on every semicolon (see 20261202070000_catalog_search), hence the \073 escapes.

CREATE TABLE "product_options" (
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "position" INTEGER NOT NULL,
    "values" TEXT[] NOT NULL,

    CONSTRAINT "product_options_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "product_options_values_count" CHECK (cardinality("values") BETWEEN 1 AND 100)
);
CREATE UNIQUE INDEX "product_options_product_id_position_key" ON "product_options"("product_id", "position");
CREATE UNIQUE INDEX "product_options_product_id_name_key" ON "product_options"("product_id", lower("name"));
ALTER TABLE "product_options" ADD CONSTRAINT "product_options_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "product_variants" (
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "sku" VARCHAR(64) NOT NULL,
    "title" VARCHAR(200) NOT NULL DEFAULT '',
    "option_values" TEXT[] NOT NULL DEFAULT '{}',
    "option_keys" TEXT[] NOT NULL DEFAULT '{}',
    "price" INTEGER NOT NULL,
    "compare_at_price" INTEGER,
    "stock" INTEGER NOT NULL DEFAULT 0,
    "image_id" UUID,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_variants_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "product_variants_stock_nonnegative" CHECK ("stock" >= 0),
    CONSTRAINT "product_variants_price_nonnegative" CHECK ("price" >= 0),
    CONSTRAINT "product_variants_compare_at_price_nonnegative" CHECK ("compare_at_price" IS NULL OR "compare_at_price" >= 0),
    CONSTRAINT "product_variants_sku_not_blank" CHECK (btrim("sku") <> '')
);
CREATE UNIQUE INDEX "product_variants_sku_key" ON "product_variants"("sku");
CREATE UNIQUE INDEX "product_variants_product_id_option_values_key" ON "product_variants"("product_id", "option_values");
CREATE INDEX "product_variants_product_id_position_idx" ON "product_variants"("product_id", "position");
-- Option filters and facets: lower-case "name:value" pairs of the active variants.
CREATE INDEX "product_variants_option_keys_idx" ON "product_variants" USING GIN ("option_keys") WHERE "is_active";
ALTER TABLE "product_variants" ADD CONSTRAINT "product_variants_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "product_variants" ADD CONSTRAINT "product_variants_image_id_fkey" FOREIGN KEY ("image_id") REFERENCES "product_images"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "products" ADD COLUMN "max_price" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "products" ADD COLUMN "variant_count" INTEGER NOT NULL DEFAULT 1;
UPDATE "products" SET "max_price" = "price";

-- The default SKU of a product: its slug when that fits, else a shortened slug with part of the id.
CREATE FUNCTION "default_variant_sku"(slug text, id uuid) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN length(slug) <= 64 THEN slug ELSE left(slug, 55) || '-' || right(replace(id::text, '-', ''), 8) END $$;

INSERT INTO "product_variants" ("id", "product_id", "sku", "price", "stock", "is_active", "position", "created_at", "updated_at")
SELECT gen_random_uuid(), p."id", default_variant_sku(p."slug", p."id"), p."price", p."stock", true, 0, p."created_at", p."updated_at"
FROM "products" p;

ALTER TABLE "cart_items" ADD COLUMN "variant_id" UUID;
UPDATE "cart_items" ci SET "variant_id" = v."id" FROM "product_variants" v WHERE v."product_id" = ci."product_id";
ALTER TABLE "cart_items" ALTER COLUMN "variant_id" SET NOT NULL;
DROP INDEX "cart_items_cart_id_product_id_key";
CREATE UNIQUE INDEX "cart_items_cart_id_variant_id_key" ON "cart_items"("cart_id", "variant_id");
CREATE INDEX "cart_items_variant_id_idx" ON "cart_items"("variant_id");
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_variant_id_fkey" FOREIGN KEY ("variant_id") REFERENCES "product_variants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "order_items" ADD COLUMN "variant_id" UUID;
ALTER TABLE "order_items" ADD COLUMN "sku" VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE "order_items" ADD COLUMN "variant_title" VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE "order_items" ADD COLUMN "option_values" JSONB NOT NULL DEFAULT '[]';
UPDATE "order_items" oi SET "variant_id" = v."id", "sku" = v."sku" FROM "product_variants" v WHERE v."product_id" = oi."product_id";
CREATE INDEX "order_items_variant_id_idx" ON "order_items"("variant_id");
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_variant_id_fkey" FOREIGN KEY ("variant_id") REFERENCES "product_variants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- products.price / max_price / stock / variant_count from the active variants (with none active: the prices of
-- all variants, stock 0). Only changed values are written, so a stock-neutral edit costs no product update.
CREATE FUNCTION "product_variants_rollup"() RETURNS trigger
  LANGUAGE plpgsql
  AS E'DECLARE
    pid uuid := CASE WHEN TG_OP = \'DELETE\' THEN OLD.product_id ELSE NEW.product_id END\073
  BEGIN
    UPDATE products p SET
      price = coalesce(a.min_active, a.min_any, p.price),
      max_price = coalesce(a.max_active, a.max_any, p.max_price),
      stock = a.stock,
      variant_count = a.active
    FROM (
      SELECT min(v.price) FILTER (WHERE v.is_active) AS min_active, max(v.price) FILTER (WHERE v.is_active) AS max_active,
             min(v.price) AS min_any, max(v.price) AS max_any,
             least(coalesce(sum(v.stock) FILTER (WHERE v.is_active), 0), 2147483647)::integer AS stock,
             (count(*) FILTER (WHERE v.is_active))::integer AS active
      FROM product_variants v WHERE v.product_id = pid
    ) a
    WHERE p.id = pid
      AND (p.price, p.max_price, p.stock, p.variant_count)
          IS DISTINCT FROM (coalesce(a.min_active, a.min_any, p.price), coalesce(a.max_active, a.max_any, p.max_price), a.stock, a.active)\073
    IF TG_OP = \'UPDATE\' AND OLD.product_id <> NEW.product_id THEN
      RAISE EXCEPTION \'a variant cannot move to another product\'\073
    END IF\073
    RETURN NULL\073
  END';

CREATE CONSTRAINT TRIGGER "product_variants_rollup"
  AFTER INSERT OR UPDATE OF "price", "stock", "is_active", "product_id" OR DELETE ON "product_variants"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION product_variants_rollup();

-- At commit, a product that still has no variant gets its default one from its own price and stock.
CREATE FUNCTION "products_default_variant"() RETURNS trigger
  LANGUAGE plpgsql
  AS E'BEGIN
    IF EXISTS (SELECT 1 FROM products WHERE id = NEW.id) AND NOT EXISTS (SELECT 1 FROM product_variants WHERE product_id = NEW.id) THEN
      INSERT INTO product_variants (id, product_id, sku, price, stock, created_at, updated_at)
      SELECT gen_random_uuid(), p.id, default_variant_sku(p.slug, p.id), p.price, p.stock, p.created_at, p.updated_at
      FROM products p WHERE p.id = NEW.id
      ON CONFLICT (sku) DO NOTHING\073
      IF NOT FOUND THEN
        INSERT INTO product_variants (id, product_id, sku, price, stock, created_at, updated_at)
        SELECT gen_random_uuid(), p.id, replace(p.id::text, \'-\', \'\'), p.price, p.stock, p.created_at, p.updated_at
        FROM products p WHERE p.id = NEW.id\073
      END IF\073
    END IF\073
    RETURN NULL\073
  END';

CREATE CONSTRAINT TRIGGER "products_default_variant"
  AFTER INSERT ON "products"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION products_default_variant();

-- A direct UPDATE of products.price or stock (not the rollup's own) is applied to the product's only variant,
-- and refused for a product with several: their prices and stock are the variants' to change. A negative value
-- is left to the products CHECK constraints, which name it.
CREATE FUNCTION "products_price_stock_to_variant"() RETURNS trigger
  LANGUAGE plpgsql
  AS E'DECLARE
    variants integer\073
  BEGIN
    IF pg_trigger_depth() > 1 OR NEW.price < 0 OR NEW.stock < 0 THEN
      RETURN NEW\073
    END IF\073
    SELECT count(*) INTO variants FROM product_variants WHERE product_id = NEW.id\073
    IF variants = 1 THEN
      UPDATE product_variants SET price = NEW.price, stock = NEW.stock, updated_at = now()
      WHERE product_id = NEW.id AND (price, stock) IS DISTINCT FROM (NEW.price, NEW.stock)\073
      NEW.max_price := NEW.price\073
    ELSIF variants > 1 THEN
      RAISE EXCEPTION \'product % has % variants: change the price and stock of its variants\', NEW.id, variants
        USING ERRCODE = \'check_violation\'\073
    END IF\073
    RETURN NEW\073
  END';

CREATE TRIGGER "products_price_stock_to_variant"
  BEFORE UPDATE OF "price", "stock" ON "products"
  FOR EACH ROW WHEN (OLD."price" IS DISTINCT FROM NEW."price" OR OLD."stock" IS DISTINCT FROM NEW."stock")
  EXECUTE FUNCTION products_price_stock_to_variant();

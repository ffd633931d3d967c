-- Catalogue search that finds what a shopper types (issue 12, item 14).
--
-- 1. Products get free-form tags.
-- 2. The search document becomes name (weight A), tags (B), the category path (C, "Books Fiction") and the
--    description (D), each in the 'english' configuration (stems, so "book" finds "Books") and, except the
--    description, also in 'simple' (the words as written, for prefixes while typing and for names a stemmer
--    mangles). A stored generated column cannot read the categories table, so triggers keep the column:
--    products_search_vector on every write of a product's searchable columns, categories_search_refresh when
--    a category is renamed or moved (it rewrites the documents of the products in its subtree, within the
--    same transaction, so a rename is searchable as soon as it commits). Deleting a category sets the products'
--    category_id to NULL, which fires products_search_vector too.
-- 3. search_terms holds every distinct lexeme of those documents with a trigram index (pg_trgm): a search
--    word the catalogue does not know is compared with that small vocabulary, and its nearest terms join the
--    full-text query. The big products table gets no second GIN index.
--
-- The migration runner (@prisma/adapter-pg executeScript) splits this file on every semicolon, dollar quotes
-- included. So comments here carry none, SQL functions are single statements, and the PL/pgSQL bodies are E''
-- strings whose statement ends are written as the octal escape \073.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE "products" ADD COLUMN "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- The names of a category and its ancestors, root first ("Books Fiction"). A loop of primary-key lookups:
-- seven times faster per product than a recursive CTE in a SQL function, which is planned on every call
-- (bulk loads run it once per row). The depth bound only stops a parent cycle in bad data.
CREATE FUNCTION "catalog_category_path_text"(category uuid) RETURNS text
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  AS E'DECLARE
    names text := \'\'\073
    node uuid := category\073
    step record\073
    depth integer := 0\073
  BEGIN
    WHILE node IS NOT NULL AND depth < 64 LOOP
      SELECT c.name, c.parent_id INTO step FROM categories c WHERE c.id = node\073
      EXIT WHEN NOT FOUND\073
      names := CASE WHEN names = \'\' THEN step.name ELSE step.name || \' \' || names END\073
      node := step.parent_id\073
      depth := depth + 1\073
    END LOOP\073
    RETURN names\073
  END';

CREATE FUNCTION "catalog_search_document"(name text, description text, tags text[], category_path text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT setweight(to_tsvector('english', coalesce(name, '')) || to_tsvector('simple', coalesce(name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(array_to_string(tags, ', '), ''))
                     || to_tsvector('simple', coalesce(array_to_string(tags, ', '), '')), 'B')
        || setweight(to_tsvector('english', coalesce(category_path, '')) || to_tsvector('simple', coalesce(category_path, '')), 'C')
        || setweight(to_tsvector('english', coalesce(description, '')), 'D')
  $$;

ALTER TABLE "products" DROP COLUMN "search_vector";
ALTER TABLE "products" ADD COLUMN "search_vector" tsvector;

CREATE FUNCTION "products_search_vector_refresh"() RETURNS trigger
  LANGUAGE plpgsql
  AS E'BEGIN
    NEW.search_vector := catalog_search_document(NEW.name, NEW.description, NEW.tags, catalog_category_path_text(NEW.category_id))\073
    RETURN NEW\073
  END';

-- Only the columns the document is made of: stock and rating updates (every order, every review) skip it.
CREATE TRIGGER "products_search_vector"
  BEFORE INSERT OR UPDATE OF "name", "description", "tags", "category_id" ON "products"
  FOR EACH ROW EXECUTE FUNCTION products_search_vector_refresh();

-- Rewriting category_id to itself fires products_search_vector for each product of the subtree.
CREATE FUNCTION "categories_search_refresh"() RETURNS trigger
  LANGUAGE plpgsql
  AS E'BEGIN
    UPDATE products SET category_id = category_id
    WHERE category_id IN (
      WITH RECURSIVE subtree(id) AS (
        SELECT NEW.id
        UNION
        SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id
      )
      SELECT id FROM subtree
    )\073
    RETURN NULL\073
  END';

CREATE TRIGGER "categories_search_refresh"
  AFTER UPDATE OF "name", "parent_id" ON "categories"
  FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."parent_id" IS DISTINCT FROM NEW."parent_id")
  EXECUTE FUNCTION categories_search_refresh();

UPDATE "products"
SET "search_vector" = catalog_search_document("name", "description", "tags", catalog_category_path_text("category_id"));

CREATE INDEX "products_search_vector_idx" ON "products" USING GIN ("search_vector");

CREATE TABLE "search_terms" (
    "term" TEXT NOT NULL,

    CONSTRAINT "search_terms_pkey" PRIMARY KEY ("term")
);

CREATE INDEX "search_terms_term_idx" ON "search_terms" USING GIN ("term" gin_trgm_ops);

-- What a typo can be corrected to: words with a letter, 2 to 40 characters (no bare numbers, no URLs).
CREATE FUNCTION "search_terms_of"(document tsvector) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT t FROM unnest(tsvector_to_array(document)) AS t WHERE length(t) BETWEEN 2 AND 40 AND t ~ '[[:alpha:]]'
  $$;

INSERT INTO "search_terms" ("term")
SELECT DISTINCT t FROM "products" p CROSS JOIN LATERAL search_terms_of(p."search_vector") AS t;

-- New terms are inserted in sorted order, so two transactions adding overlapping words take their row locks in
-- the same order and cannot deadlock. NOT EXISTS first: most words are known and a plain index probe is cheaper
-- than a speculative insertion.
CREATE FUNCTION "search_terms_add_inserted"() RETURNS trigger
  LANGUAGE plpgsql
  AS E'BEGIN
    INSERT INTO search_terms (term)
    SELECT DISTINCT t FROM inserted_products p CROSS JOIN LATERAL search_terms_of(p.search_vector) AS t
    WHERE NOT EXISTS (SELECT 1 FROM search_terms s WHERE s.term = t)
    ORDER BY t
    ON CONFLICT DO NOTHING\073
    RETURN NULL\073
  END';

CREATE FUNCTION "search_terms_add_updated"() RETURNS trigger
  LANGUAGE plpgsql
  AS E'BEGIN
    INSERT INTO search_terms (term)
    SELECT t FROM search_terms_of(NEW.search_vector) AS t
    WHERE NOT EXISTS (SELECT 1 FROM search_terms s WHERE s.term = t)
    ORDER BY t
    ON CONFLICT DO NOTHING\073
    RETURN NULL\073
  END';

-- Once per INSERT statement (a bulk load adds its vocabulary in one go), once per changed row for UPDATE.
CREATE TRIGGER "products_search_terms_insert"
  AFTER INSERT ON "products" REFERENCING NEW TABLE AS inserted_products
  FOR EACH STATEMENT EXECUTE FUNCTION search_terms_add_inserted();

CREATE TRIGGER "products_search_terms_update"
  AFTER UPDATE OF "name", "description", "tags", "category_id" ON "products"
  FOR EACH ROW WHEN (OLD."search_vector" IS DISTINCT FROM NEW."search_vector")
  EXECUTE FUNCTION search_terms_add_updated();

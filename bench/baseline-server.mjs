/**
 * The raw baseline: node:http + pg, no framework, running the SAME SQL the API runs for the product list
 * (packages/core/src/catalog/product.repository.ts: estimateProductCount, then findProductPage, sort=newest, no
 * filters) and the product detail (findActiveProduct, with options and variants), serializing the same fields.
 * The harness compares these statements with the ones Prisma was seen sending (explain-summary.json) and reports
 * a mismatch as a failed check. Usage: PORT=... DATABASE_URL=... POOL_SIZE=10 node bench/baseline-server.mjs
 */
import http from "node:http";
import pg from "pg";

// Postgres numerics/timestamps as the API reads them: created_at as Date, rating_average as text (::text).
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });

// The result count: the planner's estimate first (EXPLAIN, planned only); counted exactly only when it is small.
export const ESTIMATE_SQL = `EXPLAIN (FORMAT JSON) SELECT 1 FROM products p WHERE p.is_active`;
const COUNT_LIMIT = 1_000; // packages/core DEFAULT_LIST_OPTIONS.countLimit
// Only for a bench seeded with at most COUNT_LIMIT products; the API counts in the page statement there.
const COUNT_SQL = `SELECT count(*)::integer AS n FROM (SELECT 1 FROM products p WHERE p.is_active LIMIT ${COUNT_LIMIT + 1}) c`;

export const LIST_SQL = (withCursor) => `
    SELECT page.id::text AS id, page.slug, page.name, page.price, page.max_price, page.variant_count, page.currency, page.stock, page.created_at,
           page.rating_average::text AS rating_average, page.rating_count,
           (SELECT i.url FROM product_images i WHERE i.product_id = page.id ORDER BY i.position LIMIT 1) AS image_url,
           c.id::text AS category_id, c.slug AS category_slug, c.name AS category_name
    FROM (SELECT p.id, p.slug, p.name, p.price, p.max_price, p.variant_count, p.currency, p.stock, p.created_at, p.rating_average,
    p.rating_count, p.category_id FROM products p
      WHERE p.is_active${withCursor ? " AND (p.created_at, p.id) < ($1::timestamptz, $2::uuid)" : ""}
      ORDER BY p.created_at DESC, p.id DESC
      LIMIT $${withCursor ? 3 : 1}) page
    LEFT JOIN categories c ON c.id = page.category_id
    ORDER BY page.created_at DESC, page.id DESC`;

export const DETAIL_SQL = {
  // packages/core/src/catalog/product.repository.ts findActiveProduct: product, images and category path at once.
  product: `
    SELECT p.id::text AS id, p.slug, p.name, p.description, p.price, p.max_price, p.currency, p.stock,
           coalesce(p.tags, '{}') AS tags, p.rating_average::text AS rating_average, p.rating_count, p.created_at, p.updated_at,
           COALESCE((SELECT json_agg(json_build_object('url', i.url, 'alt', i.alt, 'position', i.position) ORDER BY i.position)
                     FROM product_images i WHERE i.product_id = p.id), '[]'::json) AS images,
           COALESCE((SELECT json_agg(json_build_object('name', o.name, 'values', o.values) ORDER BY o.position)
                     FROM product_options o WHERE o.product_id = p.id), '[]'::json) AS options,
           COALESCE((SELECT json_agg(json_build_object('id', v.id::text, 'sku', v.sku, 'title', v.title, 'values', v.option_values,
                       'price', v.price, 'compareAtPrice', v.compare_at_price, 'stock', v.stock, 'imageUrl', vi.url) ORDER BY v.position, v.id)
                     FROM product_variants v LEFT JOIN product_images vi ON vi.id = v.image_id
                     WHERE v.product_id = p.id AND v.is_active), '[]'::json) AS variants,
           (WITH RECURSIVE up AS (
              SELECT c.id, c.slug, c.name, c.parent_id, 0 AS depth FROM categories c WHERE c.id = p.category_id
              UNION ALL
              SELECT c.id, c.slug, c.name, c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.id = up.parent_id
              WHERE up.depth < $1
            )
            SELECT json_agg(json_build_object('id', up.id::text, 'slug', up.slug, 'name', up.name) ORDER BY up.depth DESC) FROM up
           ) AS category_path
    FROM products p
    WHERE p.is_active AND (p.slug = $2 OR p.id = $3::uuid)
    LIMIT 1`,
};

function cursorOf(value) {
  const [sort, createdAt, id] = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  if (sort !== "newest") throw new Error("baseline only serves sort=newest");
  return [createdAt, id];
}

async function list(query) {
  const limit = Math.min(100, Number(query.get("limit") ?? 20));
  const cursor = query.get("cursor");
  const params = cursor ? [...cursorOf(cursor), limit + 1] : [limit + 1];
  const { rows: plan } = await pool.query(ESTIMATE_SQL);
  const estimate = Math.round(plan[0]["QUERY PLAN"][0].Plan["Plan Rows"]);
  const counted = estimate <= COUNT_LIMIT ? (await pool.query(COUNT_SQL)).rows[0].n : null;
  const { rows } = await pool.query(LIST_SQL(Boolean(cursor)), params);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const exact = counted !== null && counted <= COUNT_LIMIT ? counted : !cursor && rows.length <= limit ? rows.length : null;
  return {
    items: page.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      price: row.price,
      currency: row.currency,
      stock: row.stock,
      priceRange: { min: row.price, max: Math.max(row.max_price, row.price) },
      variantCount: row.variant_count,
      imageUrl: row.image_url,
      ratingAverage: Number(row.rating_average),
      ratingCount: row.rating_count,
      category:
        row.category_id && row.category_slug && row.category_name
          ? { id: row.category_id, slug: row.category_slug, name: row.category_name }
          : null,
    })),
    nextCursor:
      rows.length > limit && last
        ? Buffer.from(JSON.stringify(["newest", last.created_at.toISOString(), last.id])).toString("base64url")
        : null,
    total: exact ?? Math.max(estimate, COUNT_LIMIT + 1),
    totalIsEstimate: exact === null,
    sort: "newest",
  };
}

async function detail(slug) {
  const { rows } = await pool.query(DETAIL_SQL.product, [64, slug, null]);
  const row = rows[0];
  if (!row) return null;
  const path = row.category_path ?? [];
  const cat = path.at(-1) ?? null;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    price: row.price,
    currency: row.currency,
    stock: row.stock,
    inStock: row.stock > 0,
    priceRange: { min: row.price, max: Math.max(row.max_price, row.price) },
    options: row.options,
    variants: row.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      options: row.options.map((o, i) => ({ name: o.name, value: v.values[i] ?? "" })),
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      stock: v.stock,
      inStock: v.stock > 0,
      imageUrl: v.imageUrl,
    })),
    tags: row.tags,
    images: row.images,
    category: cat ? { id: cat.id, slug: cat.slug, name: cat.name, path } : null,
    ratingAverage: Number(row.rating_average),
    ratingCount: row.rating_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, "http://localhost");
    const match = /^\/products\/([^/]+)\/?$/.exec(url.pathname);
    if (/^\/products\/?$/.test(url.pathname)) return send(res, 200, await list(url.searchParams));
    if (match) {
      const product = await detail(decodeURIComponent(match[1]));
      return product ? send(res, 200, product) : send(res, 404, { code: "NOT_FOUND" });
    }
    if (url.pathname === "/health") return send(res, 200, { ok: true });
    send(res, 404, { code: "NOT_FOUND" });
  } catch (error) {
    send(res, 500, { code: "INTERNAL", message: String(error) });
  }
});

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`baseline listening on ${process.env.PORT}`));
  process.on("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
}

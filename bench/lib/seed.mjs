/**
 * Bulk seed of the bench database in a few set-based statements (INSERT ... SELECT generate_series): 100k
 * products in ~15 s instead of minutes of row-by-row inserts. Word picks are Zipf-distributed (rank k drawn with
 * probability ~1/k) so word frequencies look like a real catalogue's.
 */
import { randomBytes } from "node:crypto";
import {
  ADJECTIVES,
  COLORS,
  COMMON,
  LEAF_CATEGORIES,
  MATERIALS,
  MID_CATEGORIES,
  NOUNS,
  TOP_CATEGORIES,
  prng,
  pseudoWords,
} from "./words.mjs";

/** UUIDv7 (time-ordered), like the app's ids. */
export function uuidv7(ms = Date.now()) {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// SQL: a Zipf-distributed 1-based index into an array of n elements.
const zipf = (arr) => `${arr}[1 + floor(exp(random() * ln(array_length(${arr}, 1) + 1)) - 1)::int]`;
// SQL: a UUIDv7 for timestamp expression ts.
const v7 = (ts) =>
  `(lpad(to_hex((extract(epoch from ${ts}) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 3)
    || to_hex(8 + floor(random() * 4)::int) || substr(md5(random()::text), 1, 15))::uuid`;

/** Three levels: 10 top categories x 5 x 5 = 310 categories; products go to leaves (and a few to the middle). */
export async function seedCategories(client) {
  const random = prng(7);
  const rows = [];
  const leaves = [];
  const mids = [];
  TOP_CATEGORIES.forEach((top, i) => {
    const topId = uuidv7();
    rows.push([topId, top.toLowerCase(), top, null, i]);
    const midNames = [...MID_CATEGORIES].sort(() => random() - 0.5).slice(0, 5);
    midNames.forEach((mid, j) => {
      const midId = uuidv7();
      const midSlug = `${top}-${mid}`.toLowerCase();
      rows.push([midId, midSlug, `${top} ${mid}`, topId, j]);
      mids.push({ id: midId, slug: midSlug });
      const leafNames = [...LEAF_CATEGORIES].sort(() => random() - 0.5).slice(0, 5);
      leafNames.forEach((leaf, k) => {
        const leafId = uuidv7();
        const leafSlug = `${midSlug}-${leaf}`.toLowerCase();
        rows.push([leafId, leafSlug, `${leaf} ${mid}`, midId, k]);
        leaves.push({ id: leafId, slug: leafSlug });
      });
    });
  });
  await client.query(
    `INSERT INTO categories (id, slug, name, description, parent_id, position, created_at, updated_at)
     SELECT r.id::uuid, r.slug, r.name, 'Bench category ' || r.name, r.parent::uuid, r.pos, now(), now()
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, slug text, name text, parent text, pos int)`,
    [JSON.stringify(rows.map(([id, slug, name, parent, pos]) => ({ id, slug, name, parent, pos })))],
  );
  return { tops: rows.filter((r) => r[3] === null).map((r) => ({ id: r[0], slug: r[1] })), mids, leaves };
}

export async function seedProducts(client, { count, categories, log }) {
  const brands = pseudoWords(1500, 11).map((w) => w[0].toUpperCase() + w.slice(1));
  // Description vocabulary: common words first (high ranks), then a long tail of rarer terms.
  const vocab = [...COMMON, ...NOUNS, ...MATERIALS, ...pseudoWords(8000, 23)];
  // Leaves get most products (skewed: a few big categories, many small ones); mids get the rest.
  const cats = [...categories.leaves.map((c) => c.id), ...categories.mids.map((c) => c.id)];
  const batch = 20_000;
  for (let start = 0; start < count; start += batch) {
    const end = Math.min(count, start + batch);
    await client.query(
      `WITH w AS (
         SELECT $1::text[] AS brands, $2::text[] AS adj, $3::text[] AS colors, $4::text[] AS mats,
                $5::text[] AS nouns, $6::text[] AS vocab, $7::uuid[] AS cats
       ), ins AS (
       INSERT INTO products (id, slug, name, description, price, currency, stock, category_id, is_active,
                             rating_average, rating_count, created_at, updated_at)
       SELECT ${v7("n.ts")}, n.slug, n.name,
              'The ' || lower(n.name) || ' ' || n.body || '.',
              n.price, 'USD', n.stock, n.cat, n.active,
              CASE WHEN n.rc > 0 THEN round((2.2 + random() * 2.8)::numeric, 2) ELSE 0 END, n.rc, n.ts, n.ts
       FROM w, generate_series($8::int, $9::int) g
       CROSS JOIN LATERAL (
         SELECT x.*, lower(regexp_replace(x.name, '[^A-Za-z0-9]+', '-', 'g')) || '-' || g AS slug
         FROM (
           SELECT
             ${zipf("w.brands")} || ' ' || ${zipf("w.adj")} || ' ' || ${zipf("w.colors")} || ' '
               || ${zipf("w.mats")} || ' ' || ${zipf("w.nouns")}
               || CASE WHEN random() < 0.4 THEN ' ' || upper(substr(md5(g::text), 1, 2)) || (100 + g % 900) ELSE '' END
               AS name,
             (SELECT string_agg(${zipf("w.vocab")} || substr(k::text, 1, 0), ' ') FROM generate_series(1, 12 + (g * 7) % 30) AS k)
               AS body,
             (floor(exp(5 + random() * 6) / 100) * 100 + 99)::int AS price,
             CASE WHEN random() < 0.08 THEN 0 ELSE 1 + floor(random() * random() * 500)::int END AS stock,
             w.cats[1 + floor(array_length(w.cats, 1) * power(random(), 2))::int] AS cat,
             random() > 0.02 AS active,
             CASE WHEN random() < 0.45 THEN floor(exp(random() * 7))::int ELSE 0 END AS rc,
             now() - (random() * interval '730 days') - (g * interval '1 millisecond') AS ts
         ) x
       ) n
       RETURNING id, slug, price, stock, created_at
       )
       -- Each product's default variant in the same statement (so the products_default_variant trigger, at
       -- commit, finds it instead of inserting 20,000 rows one by one).
       INSERT INTO product_variants (id, product_id, sku, price, stock, created_at, updated_at)
       SELECT gen_random_uuid(), ins.id, default_variant_sku(ins.slug, ins.id), ins.price, ins.stock,
              ins.created_at, ins.created_at
       FROM ins`,
      [brands, ADJECTIVES, COLORS, MATERIALS, NOUNS, vocab, cats, start + 1, end],
    );
    log?.(`  products ${end}/${count}`);
  }
  await client.query(
    `INSERT INTO product_images (id, product_id, url, alt, position)
     SELECT gen_random_uuid(), p.id, '/images/products/' || p.slug || '-' || i || '.jpg', p.name, i
     FROM products p CROSS JOIN generate_series(0, 2) i
     WHERE i = 0 AND random() < 0.92 OR i > 0 AND random() < 0.25`,
  );
  // VACUUM, not only ANALYZE: a bulk load leaves the full-text GIN index's pending list full (hundreds of pages
  // every search would scan linearly) and no visibility map, a state a live shop's autovacuum soon ends.
  await client.query(`VACUUM ANALYZE`);
}

export const ADDRESS = { fullName: "Bench Buyer", line1: "1 Load Street", city: "London", postalCode: "E1 6AN", country: "GB" };

/** Users with phones +4477NNNNNNNN and a saved shipping address; returns ids in order. */
export async function seedUsers(client, count) {
  const { rows } = await client.query(
    `INSERT INTO users (id, phone, name, role, shipping_address, created_at, updated_at)
     SELECT gen_random_uuid(), '+4477' || lpad(g::text, 8, '0'), 'Bench User ' || g, 'customer', $2::jsonb, now(), now()
     FROM generate_series(1, $1::int) g
     RETURNING id::text, phone`,
    [count, JSON.stringify(ADDRESS)],
  );
  return rows.sort((a, b) => a.phone.localeCompare(b.phone)).map((r) => r.id);
}

/** One cart per user holding one unit of productIds[i % n]. */
export async function fillCarts(client, userIds, productIds) {
  await client.query(
    `WITH u AS (SELECT uid, ord FROM unnest($1::uuid[]) WITH ORDINALITY AS t(uid, ord)),
     c AS (
       INSERT INTO carts (id, user_id, created_at, updated_at)
       SELECT gen_random_uuid(), uid, now(), now() FROM u
       ON CONFLICT (user_id) DO UPDATE SET updated_at = now()
       RETURNING id, user_id
     )
     INSERT INTO cart_items (id, cart_id, product_id, variant_id, quantity, created_at, updated_at)
     SELECT gen_random_uuid(), c.id, x.pid,
            (SELECT v.id FROM product_variants v WHERE v.product_id = x.pid ORDER BY v.position, v.id LIMIT 1), 1, now(), now()
     FROM c JOIN u ON u.uid = c.user_id
     CROSS JOIN LATERAL (SELECT ($2::uuid[])[1 + ((u.ord - 1) % array_length($2::uuid[], 1))] AS pid) x`,
    [userIds, productIds],
  );
}

/** A tenth of the products (by id hash), none of `exclude`. */
export async function tenthWithoutPool(client, exclude) {
  const { rows } = await client.query(
    `SELECT id::text FROM products WHERE abs(hashtext(id::text)) % 10 = 0 AND NOT (id = ANY($1::uuid[]))`,
    [exclude],
  );
  return rows.map((r) => r.id);
}

/**
 * Gives products (each with its one default variant) the option Size S, M, L, XL: the default variant becomes S
 * and three more follow, 100 cents apart. Set-based; the rollup trigger brings the products' price range and
 * stock along at commit.
 */
export async function addSizes(client, productIds) {
  await client.query("BEGIN");
  await client.query(
    `INSERT INTO product_options (id, product_id, name, position, values)
     SELECT gen_random_uuid(), id, 'Size', 0, ARRAY['S', 'M', 'L', 'XL'] FROM unnest($1::uuid[]) AS id`,
    [productIds],
  );
  await client.query(
    `INSERT INTO product_variants (id, product_id, sku, title, option_values, option_keys, price, stock, position)
     SELECT gen_random_uuid(), v.product_id, left(v.sku, 60) || '-' || lower(t.size), t.size, ARRAY[t.size],
            ARRAY['size:' || lower(t.size)], v.price + t.pos::int * 100, v.stock, t.pos::int
     FROM product_variants v CROSS JOIN unnest(ARRAY['M', 'L', 'XL']) WITH ORDINALITY AS t(size, pos)
     WHERE v.product_id = ANY($1::uuid[])`,
    [productIds],
  );
  await client.query(
    `UPDATE product_variants SET title = 'S', option_values = ARRAY['S'], option_keys = ARRAY['size:s']
     WHERE product_id = ANY($1::uuid[]) AND option_values = '{}'`,
    [productIds],
  );
  await client.query("COMMIT");
}

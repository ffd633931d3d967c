/**
 * Catalogue search as a shopper meets it (issue 12, item 14): the demo catalogue in a database of this file's
 * own (so "book" or "novel" mean exactly the seed's products), searched through the real REST handler.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionService, DEFAULT_LIST_OPTIONS, DEFAULT_SESSION_CONFIG, ListProductsInput, listProducts } from "@shop/core";
import { createDb, type Db } from "@shop/db";
// The repository itself, for the one path the planner decides (counting with more matches than expected).
import { findProductPage } from "../../core/src/catalog/product.repository";
import { seedCatalog } from "@shop/db/seed";
import { SEED_CATEGORIES, SEED_PRODUCTS } from "@shop/db/seed-data";
import { scratchDatabase, type ScratchDatabase } from "@shop/db/testing";
import type { ApiDeps } from "../src/context";
import { restClient, type RestClient } from "./http";
import { createTestDeps, uniquePhone } from "./support";

const shared = createTestDeps();
let scratch: ScratchDatabase;
let db: Db;
let api: RestClient;
let adminToken = "";

const slugsIn = (...categories: string[]) =>
  SEED_PRODUCTS.filter((p) => categories.includes(p.categorySlug))
    .map((p) => p.slug)
    .sort();
const BOOKS = slugsIn("fiction", "non-fiction");
const FICTION = slugsIn("fiction");
const NOVELS = SEED_PRODUCTS.filter((p) => p.tags.includes("novel"))
  .map((p) => p.slug)
  .sort();
const HEADPHONES = "aurora-wireless-headphones";

beforeAll(async () => {
  scratch = await scratchDatabase("api_search", { migrate: true });
  db = createDb(scratch.url, { poolSize: 4 });
  await seedCatalog(db);
  // The shared deps (Redis, tokens, config) with this file's database behind the catalogue and the sessions.
  const sessions = createSessionService({ db, tokens: shared.services.tokens, config: DEFAULT_SESSION_CONFIG });
  const deps: ApiDeps = { ...shared, db, services: { ...shared.services, sessions } };
  api = restClient(deps);
  const admin = await db.user.create({ data: { phone: uniquePhone(), role: "admin" }, select: { id: true, role: true } });
  adminToken = (await sessions.create(admin)).accessToken;
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await scratch?.drop();
  await shared.close();
});

interface ListBody {
  items: { id: string; slug: string; name: string }[];
  nextCursor: string | null;
  total: number;
  totalIsEstimate: boolean;
  sort: string;
}

async function search(query: Record<string, string | number>): Promise<ListBody> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const res = await api.call("GET", `/shop/products?${qs}`);
  expect(res.status, res.text).toBe(200);
  return res.body as ListBody;
}

/** Every page of a search, following nextCursor. */
async function allPages(query: Record<string, string | number>): Promise<{ slugs: string[]; pages: ListBody[] }> {
  const pages: ListBody[] = [];
  let cursor: string | null = null;
  do {
    const page = await search({ ...query, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  expect(cursor).toBeNull();
  return { slugs: pages.flatMap((p) => p.items.map((i) => i.slug)), pages };
}

const found = async (q: string, extra: Record<string, string | number> = {}) =>
  (await allPages({ q, limit: 100, ...extra })).slugs;

describe("search on the demo catalogue", () => {
  it('finds the novels for "novel", the search box\'s own example (tags)', async () => {
    const body = await search({ q: "novel" });
    expect(body.items.map((i) => i.slug).sort()).toEqual(NOVELS);
    expect(NOVELS.length).toBeGreaterThanOrEqual(4);
    expect(body).toMatchObject({ total: NOVELS.length, totalIsEstimate: false, sort: "relevance", nextCursor: null });
    expect((await found("Novels")).sort()).toEqual(NOVELS);
  });

  it('finds every book for "book", "books" and "Books" (the category name, stemmed)', async () => {
    expect(BOOKS.length).toBe(12);
    for (const q of ["book", "books", "Books", "BOOK"]) expect((await found(q)).sort(), q).toEqual(BOOKS);
  });

  it('finds the Fiction category\'s products for "fiction", ranked above the rest', async () => {
    const slugs = await found("fiction");
    expect(slugs).toEqual(expect.arrayContaining(FICTION));
    // "Non-Fiction" holds the word too; those come after every Fiction book.
    expect(slugs.slice(0, FICTION.length).sort()).toEqual(FICTION);
    expect(slugs.every((s) => BOOKS.includes(s))).toBe(true);
    expect((await found("fiction novel")).sort()).toEqual(NOVELS);
  });

  it('tolerates a typo: "hedphones" finds the headphones first', async () => {
    const slugs = await found("hedphones");
    expect(slugs[0]).toBe(HEADPHONES);
    // Read as the one word it is closest to, in all its forms ("headphone jack" in a description), not as every
    // word sharing letters with it ("phones"): the same few products in any order.
    expect(slugs.slice().sort()).toEqual([HEADPHONES, "podcast-usb-microphone"]);
    expect((await found("hedphones", { sort: "newest" })).sort()).toEqual([HEADPHONES, "podcast-usb-microphone"]);
    expect((await found("wireles hedphones"))[0]).toBe(HEADPHONES);
    expect((await found("keybaord"))).toContain("tenkeyless-mechanical-keyboard");
    // A word the catalogue knows is taken as typed: no near neighbours mixed in.
    expect(await found("kettle")).toEqual(["gooseneck-electric-kettle"]);
  });

  it("matches the last word as a prefix while typing", async () => {
    expect((await found("headph"))[0]).toBe(HEADPHONES);
    expect((await found("wireless headph"))[0]).toBe(HEADPHONES);
    expect((await found("nove")).sort()).toEqual(NOVELS);
    expect((await found("nov")).sort()).toEqual([...NOVELS, "nova-x-smartphone"].sort());
    expect(await found("espress")).toEqual(expect.arrayContaining(["compact-espresso-machine", "conical-burr-grinder"]));
    // Only the last word: an earlier unfinished word has to match whole (or be a typo away from a word).
    expect(await found("nov paperback")).toEqual([]);
  });

  it("matches name, tags, category path and description words, all of them", async () => {
    expect(await found("aurora")).toEqual([HEADPHONES]); // name
    expect(await found("trainers")).toEqual(expect.arrayContaining(["everyday-canvas-sneakers", "trail-running-shoes"])); // tags
    expect((await found("electronics")).length).toBe(slugsIn("audio", "computers", "phones").length); // root category
    expect(await found("cartographer")).toEqual(["the-lighthouse-keepers-daughter"]); // description
    expect(await found("audio cartographer")).toEqual([]);
    expect(await found('"noise cancelling"')).toEqual([HEADPHONES]);
    expect((await found("novel -paperback")).sort()).toEqual(
      NOVELS.filter((slug) => !SEED_PRODUCTS.find((p) => p.slug === slug)!.description.includes("Paperback")),
    );
  });

  it("keeps the explicit sorts, with the search as a filter", async () => {
    const prices = SEED_PRODUCTS.filter((p) => BOOKS.includes(p.slug)).sort((a, b) => a.price - b.price);
    const body = await search({ q: "books", sort: "price_asc", limit: 100 });
    expect(body.sort).toBe("price_asc");
    expect(body.items.map((i) => i.slug)).toEqual(prices.map((p) => p.slug));
    expect((await search({ sort: "relevance", limit: 1 })).sort).toBe("newest"); // nothing to rank without q
    // Within a category (any depth), ranked the same way.
    const inBooks = await search({ q: "novel", category: "books", limit: 100 });
    expect(inBooks).toMatchObject({ sort: "relevance", total: NOVELS.length, totalIsEstimate: false });
    expect(inBooks.items.map((i) => i.slug).sort()).toEqual(NOVELS);
    expect(await found("novel", { category: "audio" })).toEqual([]);
  });

  it("counts the results: exact for the catalogue, 0 for nothing, with the page size unchanged", async () => {
    const all = await search({ limit: 5 });
    expect(all).toMatchObject({ total: SEED_PRODUCTS.length, totalIsEstimate: false, sort: "newest" });
    expect(all.items).toHaveLength(5);
    expect(await search({ q: "books", limit: 5 })).toMatchObject({ total: BOOKS.length, totalIsEstimate: false });
    expect(await search({ q: "zzqqxxunknownword" })).toMatchObject({ items: [], total: 0, totalIsEstimate: false });
    expect(await search({ q: "!!!" })).toMatchObject({ items: [], total: 0 });
    expect(await search({ category: "books", inStock: "true" })).toMatchObject({
      total: SEED_PRODUCTS.filter((p) => BOOKS.includes(p.slug) && p.stock > 0).length,
      totalIsEstimate: false,
    });
  });

  it("gives an estimate past the count limit instead of counting further", async () => {
    const options = { ...DEFAULT_LIST_OPTIONS, countLimit: 10 };
    const page = await listProducts(db, ListProductsInput.parse({ limit: 5 }), options);
    expect(page.totalIsEstimate).toBe(true);
    expect(page.total).toBeGreaterThan(10);
    // The planner's estimate from fresh statistics is close to the real count.
    await db.$executeRawUnsafe("ANALYZE products");
    const analysed = await listProducts(db, ListProductsInput.parse({ limit: 5 }), options);
    expect(analysed.total).toBeGreaterThanOrEqual(SEED_PRODUCTS.length * 0.8);
    expect(analysed.total).toBeLessThanOrEqual(SEED_PRODUCTS.length * 1.25);
    // A search the planner expects to be small is counted exactly, and so is one page that holds every match.
    expect(await listProducts(db, ListProductsInput.parse({ q: "novel" }), options)).toMatchObject({
      total: NOVELS.length,
      totalIsEstimate: false,
    });
  });

  describe.each(["relevance", "newest", "price_desc", "rating"])("pagination through search results, sort=%s", (sort) => {
    it("returns every match exactly once, in the same order as one big page", async () => {
      const query = { q: "book", sort };
      const { slugs, pages } = await allPages({ ...query, limit: 5 });
      expect(pages.length).toBe(3);
      expect(new Set(slugs).size).toBe(slugs.length);
      expect(slugs.slice().sort()).toEqual(BOOKS);
      expect(slugs).toEqual((await search({ ...query, limit: 100 })).items.map((i) => i.slug));
      for (const page of pages) expect(page).toMatchObject({ total: BOOKS.length, totalIsEstimate: false, sort });
    });
  });

  it("pages a search through the single-scan count even when there are more matches than the count limit", async () => {
    // findProductPage is asked to count only when the planner expects few matches; when there are more after all,
    // the statement that counts and pages from one scan holds only some, and the page must come from all of them.
    const query = { tsquery: "'fiction'", sort: "price_asc" as const, take: 3, after: null };
    const full = await findProductPage(db, { ...query, countLimit: null });
    expect(full.rows.length).toBe(3);
    const short = await findProductPage(db, { ...query, countLimit: 2 });
    expect(short.counted).toBe(3);
    expect(short.rows.map((r) => r.slug)).toEqual(full.rows.map((r) => r.slug));
    const roomy = await findProductPage(db, { ...query, countLimit: 1_000 });
    expect(roomy.counted).toBeGreaterThan(3);
    expect(roomy.rows.map((r) => r.slug)).toEqual(full.rows.map((r) => r.slug));
  });

  it("continues a relevance cursor without the sort parameter, and refuses it for another sort", async () => {
    const first = await search({ q: "book", limit: 4 });
    expect(first.sort).toBe("relevance");
    const second = await search({ q: "book", limit: 4, cursor: first.nextCursor! });
    expect(second.sort).toBe("relevance");
    expect(second.items.some((i) => first.items.some((f) => f.id === i.id))).toBe(false);
    const wrong = await api.call("GET", `/shop/products?q=book&sort=price_asc&cursor=${first.nextCursor}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toEqual({ field: "cursor" });
    const noQuery = await api.call("GET", `/shop/products?cursor=${first.nextCursor}`);
    expect(noQuery.status).toBe(400);
  });
});

describe("the search follows catalogue changes", () => {
  it("finds products by a category's new name as soon as it is renamed, and by a moved category's new parent", async () => {
    const footwear = SEED_CATEGORIES.find((c) => c.slug === "footwear")!;
    const shoes = slugsIn("footwear");
    expect(await found("footwear")).toEqual(expect.arrayContaining(shoes));
    await db.category.update({ where: { slug: "footwear" }, data: { name: "Shoes and Boots" } });
    try {
      expect((await found("footwear")).filter((s) => shoes.includes(s))).toEqual([]);
      expect((await found("shoes boots")).sort()).toEqual(shoes);
      // Moved under Books: the subtree's path now starts with "Books".
      const books = await db.category.findUniqueOrThrow({ where: { slug: "books" }, select: { id: true } });
      const clothing = await db.category.findUniqueOrThrow({ where: { slug: "clothing" }, select: { id: true } });
      await db.category.update({ where: { slug: "footwear" }, data: { parentId: books.id } });
      expect((await found("books")).sort()).toEqual([...BOOKS, ...shoes].sort());
      await db.category.update({ where: { slug: "footwear" }, data: { parentId: clothing.id } });
      expect((await found("books")).sort()).toEqual(BOOKS);
    } finally {
      await db.category.update({ where: { slug: "footwear" }, data: { name: footwear.name } });
    }
    expect(await found("footwear")).toEqual(expect.arrayContaining(shoes));
  });

  it("finds a product created through the API by its tags, and returns them in its detail", async () => {
    const fiction = await db.category.findUniqueOrThrow({ where: { slug: "fiction" }, select: { id: true } });
    const res = await api.call("POST", "/shop/products", {
      token: adminToken,
      body: {
        name: "The Quiet Harbour",
        description: "A lighthouse, a storm and two sisters.",
        price: 1599,
        stock: 3,
        categoryId: fiction.id,
        tags: ["  Novel ", "Seafaring  saga", "novel", "NOVEL"],
      },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.tags).toEqual(["Novel", "Seafaring saga"]);
    const detail = await api.call("GET", `/shop/products/${res.body.slug}`);
    expect(detail.body.tags).toEqual(["Novel", "Seafaring saga"]);
    expect(await found("seafaring")).toEqual([res.body.slug]);
    expect((await found("sagas")).sort()).toEqual([res.body.slug, "winter-in-the-orchard"].sort()); // "family saga"
    expect((await found("novel")).sort()).toEqual([...NOVELS, res.body.slug].sort());
    // A word only this product brought is now known: its typo finds it too.
    expect(await found("seafarring")).toEqual([res.body.slug]);
    const seeded = await api.call("GET", `/shop/products/${NOVELS[0]}`);
    expect(seeded.body.tags).toEqual(SEED_PRODUCTS.find((p) => p.slug === NOVELS[0])!.tags);
  });

  it("refuses too many tags, too long, empty or NUL tags with a 400 naming the field", async () => {
    const body = (tags: unknown) => ({ name: `Tagged ${uniquePhone()}`, price: 100, tags });
    for (const tags of [
      Array.from({ length: 21 }, (_, i) => `tag${i}`),
      ["x".repeat(41)],
      ["   "],
      ["a\u0000b"],
      "novel",
      [1],
    ]) {
      const res = await api.call("POST", "/shop/products", { token: adminToken, body: body(tags) });
      expect(res.status, JSON.stringify(tags)).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path.split(".")[0])).toContain("tags");
    }
    const ok = await api.call("POST", "/shop/products", {
      token: adminToken,
      body: body(Array.from({ length: 20 }, (_, i) => `t${i}${"x".repeat(35)}`)),
    });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.tags).toHaveLength(20);
  });
});

/**
 * The category tree in the back office through the real REST handler against real Postgres: create, rename,
 * move and reorder (dense positions, no cycles, also under crossing concurrent moves), archive and restore, and
 * what the shop shows (GET /shop/categories with the catalogue cache on, so a missed invalidation would show).
 * Each test works under a top-level category of its own with unique names.
 */
import { afterAll, describe, expect, it } from "vitest";
import { uniqueSuffix } from "@shop/db/testing";
import { restClient } from "./http";
import { createTestDeps } from "./support";
import { createProduct, signedInUser } from "./orders-fixtures";

const deps = createTestDeps({ catalogCacheTtlMs: 60_000 });
const api = restClient(deps);
afterAll(() => deps.close());

let adminToken: Promise<string> | null = null;
const admin = () => (adminToken ??= signedInUser(deps, { role: "admin" }).then((u) => u.token));

async function create(body: Record<string, unknown>) {
  const res = await api.call("POST", "/admin/categories", { token: await admin(), body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; slug: string; name: string; position: number; parentId: string | null };
}

const move = async (id: string, parentId: string | null, position: number) =>
  api.call("POST", `/admin/categories/${id}/move`, { token: await admin(), body: { parentId, position } });

/** The children of `parentId` as stored: ids in position order, and the positions themselves. */
async function childrenOf(parentId: string) {
  const rows = await deps.db.category.findMany({ where: { parentId }, select: { id: true, position: true }, orderBy: [{ position: "asc" }, { id: "asc" }] });
  return { ids: rows.map((r) => r.id), positions: rows.map((r) => r.position) };
}

interface PublicNode {
  id: string;
  slug: string;
  children: PublicNode[];
}
function findNode(nodes: PublicNode[], id: string): PublicNode | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const found = findNode(node.children, id);
    if (found) return found;
  }
  return undefined;
}
const publicTree = async () => (await api.call("GET", "/shop/categories")).body.items as PublicNode[];

async function root(label: string) {
  return create({ name: `${label} ${uniqueSuffix()}` });
}

describe("POST /admin/categories and PATCH /admin/categories/{id}", () => {
  it("creates categories last among their siblings, slugs made from the name and kept unique", async () => {
    const r = await root("Garden");
    const name = `Hand Tools ${uniqueSuffix()}`;
    const a = await create({ name, parentId: r.id, description: "  Trowels and forks " });
    const b = await create({ name, parentId: r.id });
    const c = await create({ name: "Crème Brûlée Sets", slug: `creme-${uniqueSuffix()}`, parentId: r.id });
    expect(a.slug).toBe(name.toLowerCase().replaceAll(" ", "-"));
    expect(b.slug).toBe(`${a.slug}-2`);
    expect(a).toMatchObject({ parentId: r.id, position: 0, description: "Trowels and forks", productCount: 0, archivedAt: null });
    expect(await childrenOf(r.id)).toEqual({ ids: [a.id, b.id, c.id], positions: [0, 1, 2] });

    const taken = await api.call("POST", "/admin/categories", { token: await admin(), body: { name: "Other", slug: a.slug } });
    expect(taken.status).toBe(409);
    expect(taken.body.details).toEqual({ field: "slug" });
    const unknownParent = await api.call("POST", "/admin/categories", { token: await admin(), body: { name: "X", parentId: crypto.randomUUID() } });
    expect(unknownParent.status).toBe(400);
    const invalid = await api.call("POST", "/admin/categories", { token: await admin(), body: { name: "", slug: "Not A Slug", extra: 1 } });
    expect(invalid.status).toBe(400);
    const noLetters = await api.call("POST", "/admin/categories", { token: await admin(), body: { name: "日本" } });
    expect(noLetters.status).toBe(400);
    expect(noLetters.body.details).toEqual({ field: "slug" });

    const audit = await deps.db.auditLog.findFirst({ where: { entityId: a.id, action: "category.create" }, select: { after: true } });
    expect(audit?.after).toMatchObject({ name, slug: a.slug, parentId: r.id, position: 0 });
    // The shop shows it at once (the cache was cleared).
    expect(findNode(await publicTree(), r.id)?.children.map((n) => n.id)).toEqual([a.id, b.id, c.id]);
  });

  it("renames, changes the slug and description; a slug taken is a 409, nothing to change a 400", async () => {
    const r = await root("Kitchen");
    const other = await create({ name: `Pans ${uniqueSuffix()}`, parentId: r.id });
    const token = await admin();
    await publicTree(); // cached
    const newSlug = `cookware-${uniqueSuffix()}`;
    const res = await api.call("PATCH", `/admin/categories/${r.id}`, { token, body: { name: "Cookware", slug: newSlug, description: "Pots" } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: r.id, name: "Cookware", slug: newSlug, description: "Pots" });
    expect(findNode(await publicTree(), r.id)).toMatchObject({ slug: newSlug, name: "Cookware" });
    expect((await api.call("PATCH", `/admin/categories/${r.id}`, { token, body: { description: null } })).body.description).toBeNull();

    const clash = await api.call("PATCH", `/admin/categories/${r.id}`, { token, body: { slug: other.slug } });
    expect(clash.status).toBe(409);
    expect(clash.body.details).toEqual({ field: "slug" });
    expect((await api.call("PATCH", `/admin/categories/${r.id}`, { token, body: {} })).status).toBe(400);
    expect((await api.call("PATCH", `/admin/categories/${crypto.randomUUID()}`, { token, body: { name: "x" } })).status).toBe(404);
    const audit = await deps.db.auditLog.findMany({ where: { entityId: r.id, action: "category.update" }, select: { before: true, after: true }, orderBy: { createdAt: "asc" } });
    expect(audit[0]).toMatchObject({ before: { name: r.name, slug: r.slug }, after: { name: "Cookware", slug: newSlug } });
  });
});

describe("POST /admin/categories/{id}/move", () => {
  it("reorders among siblings and moves between parents, positions dense on both sides", async () => {
    const r = await root("Sports");
    const [a, b, c] = [await create({ name: `A ${uniqueSuffix()}`, parentId: r.id }), await create({ name: `B ${uniqueSuffix()}`, parentId: r.id }), await create({ name: `C ${uniqueSuffix()}`, parentId: r.id })];
    await publicTree();

    expect((await move(c.id, r.id, 0)).body).toMatchObject({ id: c.id, parentId: r.id, position: 0 });
    expect(await childrenOf(r.id)).toEqual({ ids: [c.id, a.id, b.id], positions: [0, 1, 2] });
    expect(findNode(await publicTree(), r.id)?.children.map((n) => n.id)).toEqual([c.id, a.id, b.id]);

    expect((await move(c.id, r.id, 99)).body.position).toBe(2);
    expect(await childrenOf(r.id)).toEqual({ ids: [a.id, b.id, c.id], positions: [0, 1, 2] });

    const under = await move(a.id, b.id, 0);
    expect(under.status).toBe(200);
    expect(under.body).toMatchObject({ parentId: b.id, position: 0 });
    expect(await childrenOf(r.id)).toEqual({ ids: [b.id, c.id], positions: [0, 1] });
    expect(await childrenOf(b.id)).toEqual({ ids: [a.id], positions: [0] });
    expect(findNode(await publicTree(), b.id)?.children.map((n) => n.id)).toEqual([a.id]);

    const audit = await deps.db.auditLog.findFirst({ where: { entityId: a.id, action: "category.move" }, orderBy: { createdAt: "desc" }, select: { before: true, after: true } });
    expect(audit).toMatchObject({ before: { parentId: r.id }, after: { parentId: b.id, position: 0 } });

    // To the top level and back.
    expect((await move(a.id, null, 0)).body).toMatchObject({ parentId: null, position: 0 });
    expect((await move(a.id, r.id, 1)).body).toMatchObject({ parentId: r.id, position: 1 });
    expect(await childrenOf(r.id)).toEqual({ ids: [b.id, a.id, c.id], positions: [0, 1, 2] });
  });

  it("refuses a move under itself or one of its own sub-categories (409), and validates the rest", async () => {
    const r = await root("Music");
    const child = await create({ name: `Guitars ${uniqueSuffix()}`, parentId: r.id });
    const grandchild = await create({ name: `Strings ${uniqueSuffix()}`, parentId: child.id });
    for (const target of [r.id, child.id, grandchild.id]) {
      const res = await move(r.id, target, 0);
      expect(res.status, target).toBe(409);
      expect(res.body.details).toEqual({ field: "parentId" });
    }
    expect((await move(child.id, grandchild.id, 0)).status).toBe(409);
    expect((await deps.db.category.findUniqueOrThrow({ where: { id: r.id }, select: { parentId: true } })).parentId).toBeNull();
    expect((await move(child.id, crypto.randomUUID(), 0)).status).toBe(400);
    const bad = await api.call("POST", `/admin/categories/${child.id}/move`, { token: await admin(), body: { parentId: r.id, position: -1 } });
    expect(bad.status).toBe(400);
    const nullPosition = await api.call("POST", `/admin/categories/${child.id}/move`, { token: await admin(), body: { parentId: r.id, position: null } });
    expect(nullPosition.status).toBe(400);
    expect((await move(crypto.randomUUID(), null, 0)).status).toBe(404);
  });

  it("two crossing concurrent moves (A under B, B under A): at most one succeeds and no cycle is made", async () => {
    const r = await root("Crossing");
    for (let round = 0; round < 5; round++) {
      const a = await create({ name: `A${round} ${uniqueSuffix()}`, parentId: r.id });
      const b = await create({ name: `B${round} ${uniqueSuffix()}`, parentId: r.id });
      const results = await Promise.all([move(a.id, b.id, 0), move(b.id, a.id, 0)]);
      expect(results.map((x) => x.status).sort()).toEqual([200, 409]);
      const rows = await deps.db.category.findMany({ where: { id: { in: [a.id, b.id] } }, select: { id: true, parentId: true } });
      const parentOf = new Map(rows.map((x) => [x.id, x.parentId]));
      expect(parentOf.get(a.id) === b.id && parentOf.get(b.id) === a.id).toBe(false);
      // Still reachable from the root: one of them stays under it.
      expect([parentOf.get(a.id), parentOf.get(b.id)]).toContain(r.id);
    }
    const { positions } = await childrenOf(r.id);
    expect(positions).toEqual(positions.map((_, i) => i));
  });

  it("keeps the tree at most 8 levels deep", async () => {
    let parent = await root("Deep");
    for (let level = 2; level <= 8; level++) parent = await create({ name: `L${level} ${uniqueSuffix()}`, parentId: parent.id });
    const tooDeep = await api.call("POST", "/admin/categories", { token: await admin(), body: { name: "L9", parentId: parent.id } });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.details).toMatchObject({ field: "parentId", maxDepth: 8 });
    // Moving a two-level subtree under level 7 would make 9 levels too.
    const pair = await root("Pair");
    await create({ name: `Pair child ${uniqueSuffix()}`, parentId: pair.id });
    const level7 = (await deps.db.category.findUniqueOrThrow({ where: { id: parent.id }, select: { parentId: true } })).parentId!;
    expect((await move(pair.id, level7, 0)).status).toBe(400);
  });
});

describe("POST /admin/categories/{id}/archive and /restore", () => {
  it("refuses while sub-categories or products on sale remain (listing them), then hides it from the shop", async () => {
    const r = await root("Toys");
    const child = await create({ name: `Puzzles ${uniqueSuffix()}`, parentId: r.id });
    const product = await createProduct(deps, { stock: 3, name: `Jigsaw ${uniqueSuffix()}` });
    await deps.db.product.update({ where: { id: product.id }, data: { categoryId: r.id } });
    const token = await admin();

    const refused = await api.call("POST", `/admin/categories/${r.id}/archive`, { token, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.details).toMatchObject({
      activeChildCount: 1,
      children: [{ id: child.id, name: child.name }],
      activeProductCount: 1,
      products: [{ id: product.id, name: product.name }],
    });
    expect(refused.body.message).toContain("1 sub-category and 1 product on sale");

    await publicTree(); // cached
    expect((await api.call("GET", `/shop/products?category=${r.slug}`)).body.items.map((p: { id: string }) => p.id)).toEqual([product.id]);
    const archivedChild = await api.call("POST", `/admin/categories/${child.id}/archive`, { token, body: {} });
    expect(archivedChild.status).toBe(200);
    expect(archivedChild.body.archivedAt).toEqual(expect.any(String));
    expect(findNode(await publicTree(), r.id)?.children).toEqual([]);
    await deps.db.product.update({ where: { id: product.id }, data: { isActive: false } });
    const archived = await api.call("POST", `/admin/categories/${r.id}/archive`, { token, body: {} });
    expect(archived.status, archived.text).toBe(200);

    expect(findNode(await publicTree(), r.id)).toBeUndefined();
    expect(findNode(await publicTree(), child.id)).toBeUndefined();
    // The admin tree keeps both, with their counts.
    const tree = await api.call("GET", "/admin/categories", { token });
    expect(tree.status).toBe(200);
    const node = tree.body.items.find((n: { id: string }) => n.id === r.id);
    expect(node).toMatchObject({ archivedAt: expect.any(String), productCount: 1, activeProductCount: 0, subtreeProductCount: 1 });
    expect(node.children.map((n: { id: string; archivedAt: string | null }) => [n.id, n.archivedAt !== null])).toEqual([[child.id, true]]);
    // Nothing is placed under an archived category, and a child comes back only after its parent.
    expect((await api.call("POST", "/admin/categories", { token, body: { name: "Under archived", parentId: r.id } })).status).toBe(409);
    const early = await api.call("POST", `/admin/categories/${child.id}/restore`, { token, body: {} });
    expect(early.status).toBe(409);
    expect(early.body.details).toEqual({ parentId: r.id });
    // Archiving again changes nothing.
    expect((await api.call("POST", `/admin/categories/${r.id}/archive`, { token, body: {} })).status).toBe(200);
    expect(await deps.db.auditLog.count({ where: { entityId: r.id, action: "category.archive" } })).toBe(1);

    expect((await api.call("POST", `/admin/categories/${r.id}/restore`, { token, body: {} })).body.archivedAt).toBeNull();
    expect((await api.call("POST", `/admin/categories/${child.id}/restore`, { token, body: {} })).status).toBe(200);
    expect(findNode(await publicTree(), r.id)?.children.map((n) => n.id)).toEqual([child.id]);
    expect(await deps.db.auditLog.count({ where: { entityId: r.id, action: "category.restore" } })).toBe(1);
  });

  it("a filter by an archived category finds nothing in the shop", async () => {
    const r = await root("Filter");
    const product = await createProduct(deps, { stock: 1 });
    await deps.db.product.update({ where: { id: product.id }, data: { categoryId: r.id } });
    // Archived directly (as an older row could be), with an active product still in it.
    await deps.db.category.update({ where: { id: r.id }, data: { archivedAt: new Date() } });
    const res = await api.call("GET", `/shop/products?category=${r.slug}&limit=5`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });
});

describe("who may edit categories", () => {
  it("admins only: staff and customers get 403, guests 401", async () => {
    const staff = await signedInUser(deps, { role: "staff" });
    const customer = await signedInUser(deps);
    const r = await root("Access");
    for (const token of [staff.token, customer.token]) {
      expect((await api.call("GET", "/admin/categories", { token })).status).toBe(403);
      expect((await api.call("POST", "/admin/categories", { token, body: { name: "Nope" } })).status).toBe(403);
      expect((await api.call("PATCH", `/admin/categories/${r.id}`, { token, body: { name: "Nope" } })).status).toBe(403);
      expect((await api.call("POST", `/admin/categories/${r.id}/move`, { token, body: { parentId: null, position: 0 } })).status).toBe(403);
      expect((await api.call("POST", `/admin/categories/${r.id}/archive`, { token, body: {} })).status).toBe(403);
    }
    expect((await api.call("GET", "/admin/categories")).status).toBe(401);
    expect((await deps.db.category.findUniqueOrThrow({ where: { id: r.id }, select: { name: true } })).name).toBe(r.name);
  });
});

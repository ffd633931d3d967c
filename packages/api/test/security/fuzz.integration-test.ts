/**
 * Contract fuzzing: every operation of the OpenAPI document gets property-based valid, hostile and invalid
 * requests through the real REST handler (real Postgres and Redis). Whatever arrives: no 5xx, errors are the
 * documented JSON shape without internals, 2xx bodies match the documented schema, invalid input is a 4xx.
 * FUZZ_RUNS (runs per operation and mode) and FUZZ_SEED change the run; `npm run fuzz` is the long version.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { createLocalImageStorage, createStripeProvider, hashPassword, manualProvider, stripeTestSignature } from "@shop/core";
import { cartLinesOf, uniqueSuffix } from "@shop/db/testing";
import { createRestHandler } from "../../src/rest";
import { BASE, restClient, type Call } from "../http";
import { latestCode } from "../otp";
import { ADDRESS, createProduct, signedInUser, type TestProduct, type TestUser } from "../orders-fixtures";
import { createTestDeps, uniquePhone } from "../support";
import {
  asQueryValue,
  invalidArb,
  NASTY_HEADER_VALUES,
  NASTY_STRINGS,
  operations,
  RAW_PATH_SEGMENTS,
  resolve,
  validator,
  valueArb,
  type Hints,
  type Operation,
  type Schema,
} from "./openapi-fuzz";

const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const SEED = Number(process.env.FUZZ_SEED ?? 424242);
// Long runs need more than the integration default of 60 s per test.
const TIMEOUT = Math.max(60_000, RUNS * 3_000);

// Stripe verifies webhooks here (no call leaves the machine: its API base is a closed port) but is not offered at
// checkout, so no fuzzed order needs a payment page.
const FUZZ_WEBHOOK_SECRET = "whsec_fuzzsecret0123456789abcdef";
const mediaDir = mkdtempSync(path.join(os.tmpdir(), "shop-fuzz-media-"));
const deps = createTestDeps({
  imageStorage: createLocalImageStorage({ dir: mediaDir }),
  otp: { resendCooldownSeconds: 0, maxSendsPerPhonePerHour: 1_000_000, maxSendsPerIpPerHour: 1_000_000 },
  payments: {
    providers: {
      manual: manualProvider,
      stripe: createStripeProvider({ secretKey: "sk_test_fuzz", webhookSecret: FUZZ_WEBHOOK_SECRET, apiBase: "http://127.0.0.1:9" }),
    },
    policy: { methods: ["manual"], timeoutMinutes: 30, manualOrdersExpire: true },
  },
});
const api = restClient(deps);
const handle = createRestHandler({
  deps,
  onError: (error) => {
    if (error.code === "INTERNAL_SERVER_ERROR") console.error("500 cause:", error.cause ?? error);
  },
});
const PASSWORD = "fuzz password 1";

type Auth = "none" | "customer" | "staff" | "admin";
interface FuzzRequest {
  auth: Auth;
  /** Path with parameters substituted (already encoded). */
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: unknown;
  /** The body or a query parameter breaks the schema: the answer must be a 4xx. */
  invalid?: string;
  /** A non-JSON body (CSV import, multipart upload), sent as it is. */
  raw?: { body: string | FormData; contentType?: string };
}

let customer: TestUser;
let admin: TestUser;
let staff: TestUser;
/** The back office's own entities: fuzzed admin calls archive, block and re-price these, never the shop's above. */
const bo = { products: [] as TestProduct[], variants: [] as string[], categories: [] as string[], reviews: [] as string[], images: [] as string[], orders: [] as string[], victim: "" };
let adminHints: Hints;
let loginUser: { phone: string };
let products: TestProduct[];
let orderIds: string[];
let hints: Hints;
const ops = operations();
/** method+path -> statuses seen, for the report at the end. */
const seen = new Map<string, Map<number, number>>();

beforeAll(async () => {
  customer = await signedInUser(deps, { address: ADDRESS });
  admin = await signedInUser(deps, { role: "admin" });
  staff = await signedInUser(deps, { role: "staff" });
  const phone = uniquePhone();
  await deps.db.user.create({ data: { phone, passwordHash: await hashPassword(PASSWORD) } });
  loginUser = { phone };
  products = await Promise.all([1, 2, 3].map(() => createProduct(deps, { stock: 1_000_000, price: 500 })));
  orderIds = [];
  for (let i = 0; i < 3; i++) orderIds.push((await placeOrder()).id);
  const ids = products.map((p) => p.id);
  hints = {
    productId: ids,
    id: [...ids, ...products.map((p) => p.slug), ...orderIds],
    categoryId: [null],
    country: ["GB", "UZ", "US"],
    phone: [loginUser.phone, uniquePhone()],
    password: [PASSWORD],
    status: ["paid", "cancelled", "shipped"],
  };
  await backOfficeFixtures();
});

async function backOfficeFixtures() {
  bo.products = await Promise.all([1, 2].map(() => createProduct(deps, { stock: 1_000, price: 700 })));
  const productIds = bo.products.map((p) => p.id);
  bo.variants = (await deps.db.productVariant.findMany({ where: { productId: { in: productIds } }, select: { id: true } })).map((v) => v.id);
  for (let i = 0; i < 2; i++) {
    bo.categories.push((await deps.db.category.create({ data: { slug: `fuzz-bo-${uniqueSuffix()}`, name: `Fuzz back office ${i}` }, select: { id: true } })).id);
    bo.images.push((await deps.db.productImage.create({ data: { productId: productIds[0]!, url: "/images/fuzz.svg", position: i }, select: { id: true } })).id);
  }
  const author = await signedInUser(deps);
  for (const id of productIds) bo.reviews.push((await deps.db.review.create({ data: { userId: author.id, productId: id, rating: 4 }, select: { id: true } })).id);
  bo.victim = (await signedInUser(deps)).id;
  for (let i = 0; i < 2; i++) bo.orders.push((await placeOrder(bo.products[1]!.id)).id);
  adminHints = {
    ...hints,
    productId: productIds,
    id: [...productIds, ...bo.variants, ...bo.categories, ...bo.reviews, ...bo.images, ...bo.orders, bo.victim],
    imageIds: bo.images,
    parentId: [null, ...bo.categories],
    categoryId: [null, ...bo.categories],
    reason: ["restock", "correction", "Fuzz reason"],
    role: ["customer", "staff"],
    status: ["paid", "shipped", "delivered", "cancelled"],
  };
}

const hintsFor = (op: Operation): Hints => (op.path.startsWith("/admin/") ? adminHints : hints);

afterAll(async () => {
  rmSync(mediaDir, { recursive: true, force: true });
  const report = [...seen].map(([op, statuses]) => `${op}: ${[...statuses].map(([s, n]) => `${s}x${n}`).join(" ")}`);
  if (process.env.FUZZ_REPORT) console.log(report.join("\n"));
  await deps.close();
});

async function ensureCartLine(userId: string, productId: string) {
  const cart = await deps.db.cart.upsert({ where: { userId }, create: { userId }, update: {}, select: { id: true } });
  const [line] = await cartLinesOf(deps.db, cart.id, [{ productId, quantity: 1 }]);
  await deps.db.cartItem.upsert({
    where: { cartId_variantId: { cartId: cart.id, variantId: line!.variantId } },
    create: line!,
    update: {},
  });
}

async function placeOrder(productId = products[0]!.id): Promise<{ id: string }> {
  await ensureCartLine(customer.id, productId);
  const res = await api.call("POST", "/shop/orders", { token: customer.token, body: { shippingAddress: ADDRESS } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const tokenFor = async (op: Operation, auth: Auth): Promise<string | undefined> => {
  if (auth === "none") return undefined;
  const user = auth === "admin" ? admin : auth === "staff" ? staff : customer;
  // Logout revokes the session it is called with: give every call a session of its own.
  if (op.key === "POST /auth/logout") return (await deps.services.sessions.create({ id: user.id, role: auth })).accessToken;
  return user.token;
};

const LEAKS = /prisma|postgres|sql state|invalid input syntax|violates|at \S+\.(ts|js):\d+|node_modules|ECONNREFUSED|TypeError|RangeError/i;

/** Headers of HTTP itself and of CORS: not the API's to document. */
const TRANSPORT_HEADERS = /^(content-type|content-length|vary|date|connection|keep-alive|transfer-encoding|access-control-.*)$/;

/** Every header an answer carries is in the document, for that operation and that status. */
function expectDocumentedHeaders(op: Operation, res: Call, where: string) {
  const documented = Object.keys(op.responses[String(res.status)]?.headers ?? {}).map((h) => h.toLowerCase());
  for (const [name] of res.headers) {
    if (TRANSPORT_HEADERS.test(name)) continue;
    expect(documented, `${where}: undocumented response header ${name}`).toContain(name);
  }
}

/** Everything any answer must satisfy. */
function check(op: Operation, req: { method: string; url: string; invalid?: string }, res: Call) {
  const where = `${req.method} ${req.url}${req.invalid ? ` (invalid: ${req.invalid})` : ""} -> ${res.status} ${res.text.slice(0, 300)}`;
  expectDocumentedHeaders(op, res, where);
  const statuses = seen.get(op.key) ?? new Map<number, number>();
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  seen.set(op.key, statuses);
  expect(res.status, where).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get("content-type"), where).toMatch(/^application\/json/);
    expect(typeof res.body?.code, where).toBe("string");
    expect(typeof res.body?.message, where).toBe("string");
    expect(res.text, where).not.toMatch(LEAKS);
    return;
  }
  expect(req.invalid, `accepted an invalid request: ${where}`).toBeUndefined();
  const documented = op.responses[String(res.status)];
  expect(documented, `undocumented success status: ${where}`).toBeDefined();
  // A CSV export answers in the media type it documents.
  const other = Object.keys(documented?.content ?? {}).find((type) => type !== "application/json");
  if (other) {
    expect(res.headers.get("content-type"), where).toMatch(new RegExp(`^${other}`));
    return;
  }
  const schema = documented?.content?.["application/json"]?.schema;
  if (!schema) {
    expect(res.text, where).toBe("");
    return;
  }
  const validate = validator(schema);
  expect(validate(res.body), `${where}\n${JSON.stringify(validate.errors)}`).toBe(true);
}

async function send(op: Operation, r: FuzzRequest): Promise<Call> {
  const headers: Record<string, string> = { ...r.headers };
  const token = await tokenFor(op, r.auth);
  const path = r.path + (r.query ? `?${r.query}` : "");
  const hasBody = op.method !== "GET" && op.method !== "DELETE";
  let res: Call;
  if (r.raw) {
    if (token) headers.authorization = `Bearer ${token}`;
    if (r.raw.contentType) headers["content-type"] = r.raw.contentType;
    res = await asCall(await raw(op.method, path, { headers, body: r.raw.body }));
  } else {
    res = await api.call(op.method, path, {
      token,
      headers,
      // Always serialised here: the client sends a string body as it is.
      ...(hasBody ? { body: JSON.stringify(r.body === undefined ? {} : r.body) } : {}),
    });
  }
  check(op, { method: op.method, url: path, invalid: r.invalid }, res);
  return res;
}

// --- arbitraries of whole requests ---------------------------------------------------------------------------

// encodeURIComponent throws on unpaired surrogates: those are sent as raw (invalid) percent-encoding instead.
const encode = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));

// "", "." and ".." would not be a parameter at all but another route (/shop/orders/ is the list).
const segment = (s: string) => s !== "" && s !== "." && s !== "..";

function pathParamArb(schema: Schema, name: string, hostile: boolean, hints: Hints): fc.Arbitrary<string> {
  const valid = valueArb(schema, hints, false, name).map((v) => encode(String(v))).filter(segment);
  const lookalikes = fc.oneof(fc.uuid(), fc.stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}$/)).map(encode);
  if (!hostile) return fc.oneof({ arbitrary: valid, weight: 3 }, lookalikes);
  return fc.oneof(
    valid,
    lookalikes,
    fc.constantFrom(...NASTY_STRINGS.filter(Boolean)).map(encode),
    fc.constantFrom(...RAW_PATH_SEGMENTS),
    fc.string({ unit: "binary", minLength: 1, maxLength: 30 }).map(encode),
  ).filter(segment);
}

const headerValueArb = fc.oneof(
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.replace(/[^\x21-\x7e]/g, "x") || "x"),
  fc.constantFrom(...NASTY_HEADER_VALUES),
);

/** Query-parameter values that break the documented schema (as text, since a query has nothing else). */
function queryViolations(schema: Schema): string[] {
  const s = resolve(schema);
  const types = Array.isArray(s.type) ? s.type : [s.type];
  const out: string[] = [];
  if (types.includes("integer")) out.push("abc", "1.5", "1e3x");
  if (s.minimum !== undefined) out.push(String(s.minimum - 1));
  if (s.maximum !== undefined) out.push(String(s.maximum + 1));
  if (s.enum) out.push("not-a-member");
  if (s.maxLength !== undefined) out.push("q".repeat(s.maxLength + 1));
  return out;
}

type Mode = "valid" | "hostile" | "invalid";

function requestArb(op: Operation, mode: Mode): fc.Arbitrary<FuzzRequest> {
  const hostile = mode === "hostile";
  const hints = hintsFor(op);
  const auths: Auth[] = op.admin ? ["none", "customer", "staff", "admin"] : op.secured || op.path.startsWith("/shop/cart") ? ["none", "customer"] : ["none"];
  // Mostly signed in, so the handlers are reached and not only the auth check.
  const authArb = fc.oneof({ arbitrary: fc.constant<Auth>("none"), weight: 1 }, { arbitrary: fc.constantFrom(...auths), weight: 3 });
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const headerParams = op.parameters.filter((p) => p.in === "header");

  const pathArb = fc
    .tuple(...pathParams.map((p) => pathParamArb(p.schema, p.name, hostile, hints)))
    .map((values) => pathParams.reduce((path, p, i) => path.replace(`{${p.name}}`, values[i]!), op.path));

  const queryModel: Record<string, fc.Arbitrary<string | undefined>> = {};
  for (const p of queryParams) {
    const valid = valueArb(p.schema, hints, false, p.name).map(asQueryValue);
    const value = hostile ? fc.oneof(valid, fc.constantFrom(...NASTY_STRINGS)) : valid;
    queryModel[p.name] = fc.option(value, { nil: undefined });
  }
  const extraQuery = hostile
    ? fc.constantFrom("", "", "&limit=1&limit=2", "&q=%ZZ", "&cursor=%ED%A0%80", "&__proto__[x]=1", "&unknown=1", "&q[]=a")
    : fc.constant("");
  const queryArb = fc.tuple(fc.record(queryModel), extraQuery).map(([values, extra]) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) if (v !== undefined) params.append(k, v);
    return params.toString() + (params.size ? extra : extra.replace(/^&/, ""));
  });

  const headersModel: Record<string, fc.Arbitrary<string | undefined>> = {};
  for (const p of headerParams) headersModel[p.name] = fc.option(headerValueArb, { nil: undefined });
  const headersArb = fc
    .record(headersModel)
    .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);

  const bodyArb: fc.Arbitrary<unknown> = op.body ? valueArb(op.body, hints, hostile) : fc.constant(undefined);
  const base = fc.record({ auth: authArb, path: pathArb, query: queryArb, headers: headersArb, body: bodyArb });
  if (mode !== "invalid") return base;

  // Invalid: one broken thing, in the body when there is one, else in a query parameter.
  if (op.body) {
    return fc.tuple(base, invalidArb(op.body, hints)).map(([r, body]) => ({ ...r, body, invalid: `body ${JSON.stringify(body)?.slice(0, 120)}` }));
  }
  const breakable = queryParams.filter((p) => queryViolations(p.schema).length > 0);
  if (!breakable.length) return base.filter(() => false);
  return fc
    .tuple(base, fc.constantFrom(...breakable))
    .chain(([r, p]) => fc.constantFrom(...queryViolations(p.schema)).map((bad) => ({ r, p, bad })))
    .map(({ r, p, bad }) => {
      const params = new URLSearchParams(r.query);
      params.set(p.name, bad);
      return { ...r, query: params.toString(), invalid: `query ${p.name}=${bad.slice(0, 40)}` };
    });
}

const canBeInvalid = (op: Operation) =>
  Boolean(op.body) || op.parameters.some((p) => p.in === "query" && queryViolations(p.schema).length > 0);

describe("contract fuzzing (every operation of the OpenAPI document)", () => {
  it("covers every documented operation", () => {
    expect(ops.length).toBeGreaterThanOrEqual(25);
    for (const op of ops) expect(Object.keys(op.responses).some((s) => s.startsWith("2")), op.key).toBe(true);
  });

  for (const mode of ["valid", "hostile", "invalid"] as const) {
    it(
      `${mode} requests: no 5xx, JSON errors {code, message}, 2xx bodies match the documented schema`,
      async () => {
        for (const op of ops) {
          if (mode === "invalid" && !canBeInvalid(op)) continue;
          await fc.assert(
            fc.asyncProperty(requestArb(op, mode), async (r) => {
              await send(op, r);
            }),
            { seed: SEED, numRuns: RUNS, endOnFailure: true },
          );
        }
      },
      TIMEOUT,
    );
  }
});

// Known-good requests: every operation reaches its documented 2xx at least once, so the schema check is real.
const EXAMPLES: Record<string, () => Promise<Partial<FuzzRequest> & { expect: number }>> = {
  "GET /health": async () => ({ expect: 200 }),
  "POST /auth/register": async () => ({ body: { phone: uniquePhone() }, expect: 202 }),
  "POST /auth/verify": async () => {
    const phone = uniquePhone();
    await api.call("POST", "/auth/register", { body: { phone } });
    return { body: { phone, code: await latestCode(deps.queue, phone), password: PASSWORD, name: "Fuzz 🐛" }, expect: 200 };
  },
  "POST /auth/login": async () => ({ body: { phone: loginUser.phone, password: PASSWORD }, expect: 200 }),
  "POST /auth/refresh": async () => ({ body: { refreshToken: (await deps.services.sessions.create({ id: customer.id, role: "customer" })).refreshToken }, expect: 200 }),
  "POST /auth/logout": async () => ({ auth: "customer", body: { refreshToken: "x".repeat(43) }, expect: 204 }),
  "POST /auth/forget-password": async () => ({ body: { phone: loginUser.phone }, expect: 202 }),
  "POST /auth/reset-password": async () => {
    const user = await signedInUser(deps);
    const { phone } = await deps.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { phone: true } });
    await api.call("POST", "/auth/forget-password", { body: { phone } });
    return { body: { phone, code: await latestCode(deps.queue, phone!, "reset"), newPassword: "another password" }, expect: 204 };
  },
  "GET /shop/cart": async () => ({ auth: "customer", expect: 200 }),
  "POST /shop/cart": async () => ({ auth: "customer", body: { productId: products[1]!.id, quantity: 1 }, expect: 200 }),
  "PATCH /shop/cart/items/{productId}": async () => {
    await ensureCartLine(customer.id, products[2]!.id);
    return { auth: "customer", path: `/shop/cart/items/${products[2]!.id}`, body: { quantity: 2 }, expect: 200 };
  },
  "DELETE /shop/cart/remove/{id}": async () => {
    await ensureCartLine(customer.id, products[2]!.id);
    return { auth: "customer", path: `/shop/cart/remove/${products[2]!.id}`, expect: 204 };
  },
  "GET /user/profile": async () => ({ auth: "customer", expect: 200 }),
  "PATCH /user/profile": async () => ({ auth: "customer", body: { name: "<b>Fuzz</b> ' OR 1=1 --", shippingAddress: ADDRESS }, expect: 200 }),
  "POST /shop/products/{id}/review": async () => {
    const product = await createProduct(deps, { stock: 1 });
    return { auth: "customer", path: `/shop/products/${product.slug}/review`, body: { rating: 5, title: "😀", comment: "<script>x</script>" }, expect: 201 };
  },
  "GET /shop/products/{id}/review": async () => {
    const product = await createProduct(deps, { stock: 1 });
    const written = await api.call("POST", `/shop/products/${product.id}/review`, { token: customer.token, body: { rating: 4 } });
    expect(written.status).toBe(201);
    return { auth: "customer", path: `/shop/products/${product.slug}/review`, expect: 200 };
  },
  "GET /shop/products/{id}/reviews": async () => ({ path: `/shop/products/${products[0]!.id}/reviews`, expect: 200 }),
  "GET /shop/products": async () => ({ query: "q=lamp&limit=5&sort=price_asc&inStock=true", expect: 200 }),
  "POST /shop/products": async () => ({ auth: "admin", body: { name: "Fuzz ünïcødé", price: 100, stock: 5 }, expect: 201 }),
  "GET /shop/products/{id}": async () => ({ path: `/shop/products/${products[0]!.slug}`, expect: 200 }),
  "GET /shop/categories": async () => ({ expect: 200 }),
  "GET /shop/facets": async () => ({ query: "q=lamp&inStock=true&options=size:m|l,colour:black&minPrice=0", expect: 200 }),
  "GET /shop/products/{id}/related": async () => ({ path: `/shop/products/${products[0]!.slug}/related`, query: "limit=4", expect: 200 }),
  "GET /shop/orders": async () => ({ auth: "customer", query: "limit=2", expect: 200 }),
  "POST /shop/orders": async () => {
    await ensureCartLine(customer.id, products[0]!.id);
    return { auth: "customer", body: { shippingAddress: ADDRESS, note: "مرحبا" }, expect: 201 };
  },
  "GET /shop/orders/{id}": async () => ({ auth: "customer", path: `/shop/orders/${orderIds[0]}`, expect: 200 }),
  "POST /shop/orders/{id}/cancel": async () => ({ auth: "customer", path: `/shop/orders/${(await placeOrder()).id}/cancel`, expect: 200 }),
  "POST /shop/orders/{id}/pay": async () => ({ auth: "customer", path: `/shop/orders/${(await placeOrder()).id}/pay`, expect: 200 }),
  "GET /shop/payment-methods": async () => ({ expect: 200 }),
  "POST /payments/stripe/webhook": async () => {
    const event = { id: `evt_fuzz_${uniqueSuffix()}`, object: "event", type: "customer.created", data: { object: { object: "customer" } } };
    return { body: event, headers: { "stripe-signature": stripeTestSignature(JSON.stringify(event), FUZZ_WEBHOOK_SECRET) }, expect: 200 };
  },
  "POST /shop/orders/{id}/refunds": async () => {
    const { id } = await placeOrder();
    expect((await api.call("PATCH", `/shop/orders/${id}/status`, { token: admin.token, body: { status: "paid" } })).status).toBe(200);
    return { auth: "admin", path: `/shop/orders/${id}/refunds`, body: { amount: 1, reason: "Fuzz ✓" }, expect: 201 };
  },
  "PATCH /shop/orders/{id}/status": async () => ({
    auth: "admin",
    path: `/shop/orders/${(await placeOrder()).id}/status`,
    body: { status: "paid" },
    expect: 200,
  }),
  // The back office: each on an entity of its own, so that the order of the examples does not matter.
  "GET /admin/dashboard": async () => ({ auth: "staff", query: "lowStockThreshold=3", expect: 200 }),
  "GET /admin/products": async () => ({ auth: "staff", query: "q=fuzz&status=all&sort=price_desc&page=1&limit=5", expect: 200 }),
  "GET /admin/products/export": async () => ({ auth: "admin", query: "status=all", expect: 200 }),
  "GET /admin/products/{id}": async () => ({ auth: "staff", path: `/admin/products/${bo.products[0]!.id}`, expect: 200 }),
  "PATCH /admin/products/{id}": async () => ({
    auth: "admin",
    path: `/admin/products/${(await createProduct(deps, { stock: 1 })).id}`,
    body: { name: "Fuzz ✓ edited", description: "<b>bold</b>", tags: ["fuzz"] },
    expect: 200,
  }),
  "PUT /admin/products/{id}/variants": async () => {
    const product = await createProduct(deps, { stock: 2 });
    const variant = await deps.db.productVariant.findFirstOrThrow({ where: { productId: product.id }, select: { id: true, sku: true } });
    return { auth: "admin", path: `/admin/products/${product.id}/variants`, body: { options: [], variants: [{ id: variant.id, sku: variant.sku, price: 999 }] }, expect: 200 };
  },
  "PATCH /admin/variants/{id}": async () => ({ auth: "admin", path: `/admin/variants/${await variantOf(await createProduct(deps, { stock: 1 }))}`, body: { price: 1_234 }, expect: 200 }),
  "POST /admin/products/{id}/archive": async () => ({ auth: "admin", path: `/admin/products/${(await createProduct(deps, { stock: 1 })).id}/archive`, expect: 200 }),
  "POST /admin/products/{id}/restore": async () => {
    const { id } = await createProduct(deps, { stock: 1 });
    expect((await api.call("POST", `/admin/products/${id}/archive`, { token: admin.token })).status).toBe(200);
    return { auth: "admin", path: `/admin/products/${id}/restore`, expect: 200 };
  },
  "POST /admin/variants/{id}/stock-adjustments": async () => ({
    auth: "staff",
    path: `/admin/variants/${await variantOf(await createProduct(deps, { stock: 1 }))}/stock-adjustments`,
    body: { delta: 5, reason: "restock", note: "Delivery ✓" },
    expect: 201,
  }),
  "GET /admin/variants/{id}/stock-adjustments": async () => ({ auth: "staff", path: `/admin/variants/${bo.variants[0]}/stock-adjustments`, query: "limit=5", expect: 200 }),
  "GET /admin/products/{id}/stock-adjustments": async () => ({ auth: "staff", path: `/admin/products/${bo.products[0]!.id}/stock-adjustments`, expect: 200 }),
  "POST /admin/products/import/dry-run": async () => ({ auth: "admin", raw: { body: importCsv(), contentType: "text/csv" }, expect: 200 }),
  "POST /admin/products/import": async () => ({ auth: "admin", raw: { body: importCsv(), contentType: "text/csv; charset=utf-8" }, expect: 200 }),
  "GET /admin/products/{id}/images": async () => ({ auth: "admin", path: `/admin/products/${bo.products[0]!.id}/images`, expect: 200 }),
  "POST /admin/products/{id}/images": async () => {
    const form = new FormData();
    const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#3a7" } }).png().toBuffer();
    form.set("file", new Blob([new Uint8Array(png)], { type: "image/png" }), "fuzz.png");
    form.set("alt", "Fuzz ✓");
    return { auth: "admin", path: `/admin/products/${(await createProduct(deps, { stock: 1 })).id}/images`, raw: { body: form }, expect: 201 };
  },
  "PUT /admin/products/{id}/images/order": async () => {
    const { id } = await createProduct(deps, { stock: 1 });
    const images = await Promise.all([0, 1].map((position) => deps.db.productImage.create({ data: { productId: id, url: "/images/x.svg", position }, select: { id: true } })));
    return { auth: "admin", path: `/admin/products/${id}/images/order`, body: { imageIds: images.map((i) => i.id).reverse() }, expect: 200 };
  },
  "PATCH /admin/images/{id}": async () => ({ auth: "admin", path: `/admin/images/${await imageOf()}`, body: { alt: "<img onerror=x>" }, expect: 200 }),
  "DELETE /admin/images/{id}": async () => ({ auth: "admin", path: `/admin/images/${await imageOf()}`, expect: 204 }),
  "GET /admin/categories": async () => ({ auth: "admin", expect: 200 }),
  "POST /admin/categories": async () => ({ auth: "admin", body: { name: `Fuzz ünï ${uniqueSuffix()}`, parentId: bo.categories[0] }, expect: 201 }),
  "PATCH /admin/categories/{id}": async () => ({ auth: "admin", path: `/admin/categories/${await categoryOf()}`, body: { name: "Fuzz renamed 😀" }, expect: 200 }),
  "POST /admin/categories/{id}/move": async () => ({ auth: "admin", path: `/admin/categories/${await categoryOf()}/move`, body: { parentId: null, position: 0 }, expect: 200 }),
  "POST /admin/categories/{id}/archive": async () => ({ auth: "admin", path: `/admin/categories/${await categoryOf()}/archive`, expect: 200 }),
  "POST /admin/categories/{id}/restore": async () => {
    const id = await categoryOf();
    expect((await api.call("POST", `/admin/categories/${id}/archive`, { token: admin.token })).status).toBe(200);
    return { auth: "admin", path: `/admin/categories/${id}/restore`, expect: 200 };
  },
  "GET /admin/orders": async () => ({ auth: "staff", query: "status=pending&paymentStatus=unpaid&sort=total_desc&page=1&pageSize=5", expect: 200 }),
  "GET /admin/orders/export": async () => ({ auth: "staff", query: "status=pending", expect: 200 }),
  "GET /admin/orders/{id}": async () => ({ auth: "staff", path: `/admin/orders/${bo.orders[0]}`, expect: 200 }),
  "POST /admin/orders/{id}/transitions": async () => ({
    auth: "staff",
    path: `/admin/orders/${(await placeOrder(bo.products[1]!.id)).id}/transitions`,
    body: { status: "paid", note: "Paid at the door ✓" },
    expect: 200,
  }),
  "POST /admin/orders/{id}/refunds": async () => {
    const { id } = await placeOrder(bo.products[1]!.id);
    expect((await api.call("POST", `/admin/orders/${id}/transitions`, { token: admin.token, body: { status: "paid" } })).status).toBe(200);
    return { auth: "admin", path: `/admin/orders/${id}/refunds`, body: { amount: 1, reason: "Fuzz ✓" }, expect: 201 };
  },
  "GET /admin/customers": async () => ({ auth: "staff", query: "q=7&limit=5", expect: 200 }),
  "GET /admin/customers/{id}": async () => ({ auth: "staff", path: `/admin/customers/${customer.id}`, expect: 200 }),
  "PATCH /admin/customers/{id}/role": async () => ({ auth: "admin", path: `/admin/customers/${(await signedInUser(deps)).id}/role`, body: { role: "staff" }, expect: 200 }),
  "POST /admin/customers/{id}/block": async () => ({ auth: "admin", path: `/admin/customers/${(await signedInUser(deps)).id}/block`, body: { reason: "Fuzz ✓" }, expect: 200 }),
  "POST /admin/customers/{id}/unblock": async () => {
    const { id } = await signedInUser(deps);
    expect((await api.call("POST", `/admin/customers/${id}/block`, { token: admin.token, body: { reason: "Fuzz" } })).status).toBe(200);
    return { auth: "admin", path: `/admin/customers/${id}/unblock`, expect: 200 };
  },
  "GET /admin/reviews": async () => ({ auth: "admin", query: "hidden=false&limit=5", expect: 200 }),
  "POST /admin/reviews/{id}/hide": async () => ({ auth: "admin", path: `/admin/reviews/${await reviewOf()}/hide`, body: { reason: "Spam ✓" }, expect: 200 }),
  "POST /admin/reviews/{id}/restore": async () => {
    const id = await reviewOf();
    expect((await api.call("POST", `/admin/reviews/${id}/hide`, { token: admin.token, body: { reason: "Fuzz" } })).status).toBe(200);
    return { auth: "admin", path: `/admin/reviews/${id}/restore`, expect: 200 };
  },
  "GET /admin/audit": async () => ({ auth: "admin", query: `actorId=${admin.id}&limit=5`, expect: 200 }),
};

async function variantOf(product: TestProduct): Promise<string> {
  return (await deps.db.productVariant.findFirstOrThrow({ where: { productId: product.id }, select: { id: true } })).id;
}
async function imageOf(): Promise<string> {
  const { id } = await createProduct(deps, { stock: 1 });
  return (await deps.db.productImage.create({ data: { productId: id, url: "/images/x.svg" }, select: { id: true } })).id;
}
async function categoryOf(): Promise<string> {
  return (await deps.db.category.create({ data: { slug: `fuzz-ex-${uniqueSuffix()}`, name: "Fuzz example" }, select: { id: true } })).id;
}
async function reviewOf(): Promise<string> {
  const [{ id: productId }, { id: userId }] = await Promise.all([createProduct(deps, { stock: 1 }), signedInUser(deps)]);
  return (await deps.db.review.create({ data: { userId, productId, rating: 2 }, select: { id: true } })).id;
}
function importCsv(): string {
  const suffix = uniqueSuffix();
  return `sku,product_slug,product_name,price,stock,active\nFUZZ-${suffix},fuzz-import-${suffix},"Fuzz import, ünïcødé",1200,3,true\n`;
}

describe("known-good request per operation", () => {
  it("every operation has an example, answers its documented 2xx, and the body matches the schema", async () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(ops.map((o) => o.key).sort());
    for (const op of ops) {
      const { expect: status, ...example } = await EXAMPLES[op.key]!();
      const res = await send(op, { auth: "none", path: op.path, query: "", headers: {}, ...example });
      expect(res.status, `${op.key}: ${res.text.slice(0, 300)}`).toBe(status);
    }
  });
});

// --- transport-level abuse --------------------------------------------------------------------------------------

const withBody = ops.filter((op) => op.body);
const raw = (method: string, path: string, init: RequestInit) =>
  handle(new Request(BASE + path, { method, ...init }));
async function asCall(response: Response): Promise<Call> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}
const concrete = (op: Operation) => op.path.replace(/\{[^}]+\}/g, products[0]!.id);
const expectJsonError = (res: Call, status: number | "4xx", where: string) => {
  if (status === "4xx") {
    expect(res.status, where).toBeGreaterThanOrEqual(400);
    expect(res.status, where).toBeLessThan(500);
  } else expect(res.status, where).toBe(status);
  expect(res.headers.get("content-type"), where).toMatch(/^application\/json/);
  expect(typeof res.body?.code, where).toBe("string");
  expect(typeof res.body?.message, where).toBe("string");
};

describe("text Postgres cannot store", () => {
  // Regression: an unpaired surrogate in a checkout's note or address was a 500 (Prisma and jsonb refuse it).
  it("NUL or an unpaired surrogate in any mutation's text is a 400 naming the field, and nothing is stored", async () => {
    const cases: [string, string, unknown, string][] = [
      ["PATCH", "/user/profile", { name: "a\u0000b" }, "name"],
      ["PATCH", "/user/profile", { shippingAddress: { ...ADDRESS, city: "x\udfffy" } }, "shippingAddress.city"],
      ["POST", "/shop/orders", { shippingAddress: ADDRESS, note: "\ud800" }, "note"],
      ["POST", `/shop/products/${(await createProduct(deps, { stock: 1 })).id}/review`, { rating: 3, comment: "ok\u0000" }, "comment"],
    ];
    await ensureCartLine(customer.id, products[0]!.id);
    const ordersBefore = await deps.db.order.count({ where: { userId: customer.id } });
    const reviewsBefore = await deps.db.review.count({ where: { userId: customer.id } });
    for (const [method, path, body, field] of cases) {
      const res = await api.call(method, path, { token: customer.token, body });
      expect(res.status, `${method} ${path} ${res.text}`).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    expect(await deps.db.order.count({ where: { userId: customer.id } })).toBe(ordersBefore);
    expect(await deps.db.review.count({ where: { userId: customer.id } })).toBe(reviewsBefore);
  });
});

describe("JSON types in bodies", () => {
  // Regression: the REST adapter coerced number fields of bodies, so {"quantity": null} emptied a cart line and
  // {"rating": true} posted a one-star review.
  it("a number field given null, \"\", a boolean, a numeric string or an array is a 400 and changes nothing", async () => {
    const product = await createProduct(deps, { stock: 10 });
    await ensureCartLine(customer.id, product.id);
    for (const bad of [null, "", true, "2", [2]]) {
      const patch = await api.call("PATCH", `/shop/cart/items/${product.id}`, { token: customer.token, body: { quantity: bad } });
      expect(patch.status, `quantity ${JSON.stringify(bad)}: ${patch.text}`).toBe(400);
      const add = await api.call("POST", "/shop/cart", { token: customer.token, body: { productId: product.id, quantity: bad } });
      expect(add.status, `add quantity ${JSON.stringify(bad)}`).toBe(400);
      const review = await api.call("POST", `/shop/products/${product.id}/review`, { token: customer.token, body: { rating: bad } });
      expect(review.status, `rating ${JSON.stringify(bad)}`).toBe(400);
    }
    const line = await deps.db.cartItem.findFirst({ where: { cart: { userId: customer.id }, productId: product.id }, select: { quantity: true } });
    expect(line?.quantity).toBe(1);
    expect(await deps.db.review.count({ where: { productId: product.id } })).toBe(0);
  });
});

describe("bodies the parser must survive", () => {
  it("a body over maxBodyBytes is a 413 JSON error, declared or streamed, on every operation with a body", async () => {
    const max = deps.config.maxBodyBytes;
    const big = JSON.stringify({ phone: "1".repeat(max) });
    for (const op of withBody) {
      const auth = { authorization: `Bearer ${admin.token}`, "content-type": "application/json" };
      const declared = await asCall(await raw(op.method, concrete(op), { headers: { ...auth, "content-length": String(big.length) }, body: big }));
      expectJsonError(declared, 413, `${op.key} declared`);
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < big.length; i += 65_536) controller.enqueue(new TextEncoder().encode(big.slice(i, i + 65_536)));
          controller.close();
        },
      });
      const streamed = await asCall(await raw(op.method, concrete(op), { headers: auth, body: stream, duplex: "half" } as RequestInit));
      expectJsonError(streamed, 413, `${op.key} streamed`);
    }
  });

  it("wrong content types are 4xx JSON errors, never 5xx", async () => {
    const bodies: [string, string][] = [
      ["text/plain", JSON.stringify({ phone: uniquePhone() })],
      ["application/x-www-form-urlencoded", `phone=${encodeURIComponent(uniquePhone())}&password=x`],
      ["multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="phone"\r\n\r\n+447400000000\r\n--xyz--\r\n'],
      ["application/xml", "<phone>+447400000000</phone>"],
      ["application/json", "{"],
      ["application/json", "\u0000"],
      ["application/json", '{"a":1}{"b":2}'],
      ["application/json", "NaN"],
    ];
    for (const op of withBody) {
      for (const [type, body] of bodies) {
        const res = await asCall(await raw(op.method, concrete(op), { headers: { authorization: `Bearer ${admin.token}`, "content-type": type }, body }));
        expectJsonError(res, "4xx", `${op.key} ${type} ${JSON.stringify(body).slice(0, 40)}`);
      }
    }
  });

  it("10,000 levels of nested arrays or objects are a 4xx, and the server keeps answering", async () => {
    const depth = 10_000;
    const arrays = "[".repeat(depth) + "]".repeat(depth);
    const objects = '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
    const inField = `{"name":${arrays},"shippingAddress":${objects}}`;
    for (const op of withBody) {
      for (const body of [arrays, objects, inField]) {
        const res = await api.call(op.method, concrete(op), { token: admin.token, body });
        expectJsonError(res, "4xx", `${op.key} nested`);
      }
    }
    expect((await api.call("GET", "/health")).status).toBe(200);
  });

  it("the deepest nesting that fits under the body limit (with NUL at the bottom) is a fast 4xx", async () => {
    const depth = Math.floor((deps.config.maxBodyBytes - 20) / 2) - 8;
    const start = performance.now();
    for (const body of ["[".repeat(depth) + "]".repeat(depth), `{"name":${"[".repeat(depth)}"\u0000"${"]".repeat(depth)}}`]) {
      const res = await api.call("PATCH", "/user/profile", { token: customer.token, body });
      expectJsonError(res, "4xx", `depth ${depth}`);
    }
    expect(performance.now() - start).toBeLessThan(5_000);
    expect((await api.call("GET", "/health")).status).toBe(200);
  });
});

/**
 * The invariants the database enforces on its own (CHECK and UNIQUE constraints in the migration), so a bug in
 * a service or a concurrent request can never store them. Each case asserts the Postgres error code and the
 * constraint name, so a rejection for some other reason (a missing fixture, a type error) fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "./client";
import { cartLinesOf, scratchDatabase, type ScratchDatabase } from "./testing";

const CHECK_VIOLATION = "23514";
const UNIQUE_VIOLATION = "23505";

interface PgRejection {
  code: string | undefined;
  constraint: string | undefined;
}

// Prisma wraps the driver error differently per kind (DriverAdapterError.cause for CHECK violations,
// PrismaClientKnownRequestError.meta.driverAdapterError.cause for P2002); both keep node-postgres' original
// SQLSTATE and message, which names the constraint.
function pgRejection(error: unknown): PgRejection {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const node = queue.shift();
    if (typeof node !== "object" || node === null || seen.has(node)) continue;
    seen.add(node);
    const record = node as Record<string, unknown>;
    if (typeof record.originalCode === "string") {
      const message = typeof record.originalMessage === "string" ? record.originalMessage : "";
      return { code: record.originalCode, constraint: /constraint "([^"]+)"/.exec(message)?.[1] };
    }
    queue.push(record.cause, record.meta, record.driverAdapterError);
  }
  throw new Error(`Not a database error: ${String(error)}`);
}

async function rejectionOf(operation: Promise<unknown>): Promise<PgRejection> {
  try {
    await operation;
  } catch (error) {
    return pgRejection(error);
  }
  throw new Error("The database accepted a write it must reject.");
}

let scratch: ScratchDatabase;
let db: Db;
let userId: string;
let otherUserId: string;
let cartId: string;
let productId: string;

beforeAll(async () => {
  scratch = await scratchDatabase("db_constraints", { migrate: true });
  db = createDb(scratch.url, { poolSize: 3 });
  const user = await db.user.create({ data: { phone: "+14155550101" }, select: { id: true } });
  const other = await db.user.create({ data: { phone: "+447700900123" }, select: { id: true } });
  const cart = await db.cart.create({ data: { userId: user.id }, select: { id: true } });
  const product = await db.product.create({
    data: { slug: "constraint-mug", name: "Constraint Mug", price: 1200, stock: 5 },
    select: { id: true },
  });
  userId = user.id;
  otherUserId = other.id;
  cartId = cart.id;
  productId = product.id;
});

afterAll(async () => {
  await db?.$disconnect();
  await scratch?.drop();
});

async function newProduct(slug: string, stock: number): Promise<string> {
  const p = await db.product.create({ data: { slug, name: slug, price: 500, stock }, select: { id: true } });
  return p.id;
}

async function stockOf(id: string): Promise<number> {
  const p = await db.product.findUniqueOrThrow({ where: { id }, select: { stock: true } });
  return p.stock;
}

describe("stock", () => {
  it("rejects a product inserted with negative stock", async () => {
    expect(
      await rejectionOf(db.product.create({ data: { slug: "negative-stock", name: "Negative", price: 100, stock: -1 } })),
    ).toEqual({ code: CHECK_VIOLATION, constraint: "products_stock_nonnegative" });
    expect(await db.product.count({ where: { slug: "negative-stock" } })).toBe(0);
  });

  it("rejects an unconditional decrement below zero and keeps the stock", async () => {
    const id = await newProduct("decrement-below-zero", 2);
    expect(
      await rejectionOf(db.product.updateMany({ where: { id }, data: { stock: { decrement: 3 } } })),
    ).toEqual({ code: CHECK_VIOLATION, constraint: "products_stock_nonnegative" });
    expect(await stockOf(id)).toBe(2);
  });

  it("a conditional decrement matches nothing when stock is short, and takes the last units when it is not", async () => {
    const id = await newProduct("conditional-decrement", 2);
    const short = await db.product.updateMany({ where: { id, stock: { gte: 3 } }, data: { stock: { decrement: 3 } } });
    expect(short).toEqual({ count: 0 });
    expect(await stockOf(id)).toBe(2);

    const exact = await db.product.updateMany({ where: { id, stock: { gte: 2 } }, data: { stock: { decrement: 2 } } });
    expect(exact).toEqual({ count: 1 });
    expect(await stockOf(id)).toBe(0);
  });

  it("concurrent conditional decrements never oversell", async () => {
    const id = await newProduct("concurrent-decrement", 3);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        db.product.updateMany({ where: { id, stock: { gte: 1 } }, data: { stock: { decrement: 1 } } }),
      ),
    );
    expect(results.reduce((sum, r) => sum + r.count, 0)).toBe(3);
    expect(await stockOf(id)).toBe(0);
  });
});

describe("reviews", () => {
  it.each([6, 0])("rejects rating %i", async (rating) => {
    expect(await rejectionOf(db.review.create({ data: { userId, productId, rating } }))).toEqual({
      code: CHECK_VIOLATION,
      constraint: "reviews_rating_range",
    });
  });

  it("accepts ratings 1 and 5, but only one review per user and product", async () => {
    await db.review.create({ data: { userId: otherUserId, productId, rating: 1 } });
    await db.review.create({ data: { userId, productId, rating: 5 } });
    expect(await rejectionOf(db.review.create({ data: { userId, productId, rating: 4 } }))).toEqual({
      code: UNIQUE_VIOLATION,
      constraint: "reviews_user_id_product_id_key",
    });
    expect(await db.review.count({ where: { productId } })).toBe(2);
  });
});

describe("cart items", () => {
  const line = async (quantity: number) => (await cartLinesOf(db, cartId, [{ productId, quantity }]))[0]!;

  it("rejects quantity 0", async () => {
    expect(await rejectionOf(db.cartItem.create({ data: await line(0) }))).toEqual({
      code: CHECK_VIOLATION,
      constraint: "cart_items_quantity_positive",
    });
  });

  it("rejects a second line for the same variant in one cart", async () => {
    await db.cartItem.create({ data: await line(1) });
    expect(await rejectionOf(db.cartItem.create({ data: await line(2) }))).toEqual({
      code: UNIQUE_VIOLATION,
      constraint: "cart_items_cart_id_variant_id_key",
    });
    expect(await db.cartItem.findMany({ where: { cartId }, select: { quantity: true } })).toEqual([{ quantity: 1 }]);
  });
});

describe("users", () => {
  it.each(["4155550123", "+04155550123", "+1 415 555 0123", "+1-415-5550123", "+12345"])(
    "rejects the non-E.164 phone %s",
    async (phone) => {
      expect(await rejectionOf(db.user.create({ data: { phone } }))).toEqual({
        code: CHECK_VIOLATION,
        constraint: "users_phone_e164",
      });
    },
  );
});

describe("currency", () => {
  it("rejects a lower-case currency code", async () => {
    expect(
      await rejectionOf(db.product.create({ data: { slug: "lower-usd", name: "Lower", price: 100, currency: "usd" } })),
    ).toEqual({ code: CHECK_VIOLATION, constraint: "products_currency_iso4217" });
  });
});

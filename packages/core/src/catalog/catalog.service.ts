import { Prisma, type Db } from "@shop/db";
import { DomainError } from "../errors/domain-error";
import { isUniqueViolation } from "../user/user.service";
import {
  UUID_PATTERN,
  type CategoryRef,
  type CreateProductInput,
  type ListProductsInput,
  type Product,
  type ProductList,
  type ProductSummary,
} from "./catalog.schemas";
import { findCategoryPath } from "./category.repository";
import { decodeProductCursor, encodeProductCursor, type ProductCursor } from "./cursor";
import {
  findActiveProduct,
  findProductById,
  findProductPage,
  findSlugsLike,
  insertProduct,
  type ProductDetailRow,
  type ProductPageRow,
} from "./product.repository";
import { SLUG_MAX_LENGTH, SLUG_PATTERN, slugify } from "./slug";

/*
 * No state of their own: each answer depends only on the input and the database. A cache can wrap listProducts,
 * getProduct and getCategoryTree as they are (key = the parsed input); createProduct is where to invalidate.
 */

/** `{id}` and `category` accept a UUID or a slug; only a canonical UUID is ever compared with a uuid column. */
function idOrSlug(value: string): { slug: string; id?: string } {
  return UUID_PATTERN.test(value) ? { slug: value.toLowerCase(), id: value.toLowerCase() } : { slug: value };
}

function cursorAfter(row: ProductPageRow, sort: ListProductsInput["sort"]): ProductCursor {
  switch (sort) {
    case "newest":
      return { sort, createdAt: row.created_at.toISOString(), id: row.id };
    case "rating":
      return { sort, ratingAverage: row.rating_average, ratingCount: row.rating_count, id: row.id };
    default:
      return { sort, price: row.price, id: row.id };
  }
}

function toSummary(row: ProductPageRow): ProductSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    price: row.price,
    currency: row.currency,
    stock: row.stock,
    imageUrl: row.image_url,
    ratingAverage: Number(row.rating_average),
    ratingCount: row.rating_count,
    category:
      row.category_id && row.category_slug && row.category_name
        ? { id: row.category_id, slug: row.category_slug, name: row.category_name }
        : null,
  };
}

export async function listProducts(db: Db, input: ListProductsInput): Promise<ProductList> {
  const after = input.cursor ? decodeProductCursor(input.cursor, input.sort) : null;
  if (input.minPrice !== undefined && input.maxPrice !== undefined && input.minPrice > input.maxPrice) {
    throw new DomainError("VALIDATION", "maxPrice must not be below minPrice", { details: { field: "maxPrice" } });
  }
  const rows = await findProductPage(db, {
    sort: input.sort,
    take: input.limit + 1,
    after,
    q: input.q || undefined,
    category: input.category ? idOrSlug(input.category) : undefined,
    minPrice: input.minPrice,
    maxPrice: input.maxPrice,
    inStock: input.inStock,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > input.limit && last ? encodeProductCursor(cursorAfter(last, input.sort)) : null,
  };
}

async function toProduct(db: Db, row: ProductDetailRow, knownPath?: CategoryRef[]): Promise<Product> {
  const path = row.category ? (knownPath ?? (await findCategoryPath(db, row.category.id))) : [];
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    price: row.price,
    currency: row.currency,
    stock: row.stock,
    inStock: row.stock > 0,
    images: row.images,
    category: row.category ? { ...row.category, path } : null,
    ratingAverage: row.ratingAverage.toNumber(),
    ratingCount: row.ratingCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const notFound = () => new DomainError("NOT_FOUND", "Product not found");

/** An active product by id or slug; absent and inactive ones are the same 404. */
export async function getProduct(db: Db, idOrSlugValue: string): Promise<Product> {
  // Nothing else can name a product: answered without a query (and "\0" would not even be valid Postgres text).
  if (!UUID_PATTERN.test(idOrSlugValue) && !SLUG_PATTERN.test(idOrSlugValue)) throw notFound();
  const found = await findActiveProduct(db, idOrSlug(idOrSlugValue));
  if (!found) throw notFound();
  return toProduct(db, found.row, found.categoryPath);
}

function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003";
}

/** Attempts at a derived slug before giving up (each loses only to a concurrent create of the same name). */
const SLUG_ATTEMPTS = 5;

/** `base`, else `base-2`, `base-3`, ... : the first suffix above every one taken, within the length limit. */
export function nextFreeSlug(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  let highest = 1;
  for (const slug of taken) {
    const n = /^-(\d{1,9})$/.exec(slug.slice(base.length))?.[1];
    if (slug.startsWith(base) && n) highest = Math.max(highest, Number(n));
  }
  const suffix = `-${highest + 1}`;
  return `${base.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
}

export async function createProduct(db: Db, input: CreateProductInput): Promise<Product> {
  // A slug the client chose is theirs to fix when taken (409); one derived from the name is made unique here,
  // since the client never sent it and a 409 on it would be about nothing they can see.
  const derived = input.slug === undefined;
  const base = input.slug ?? slugify(input.name);
  if (!base) {
    throw new DomainError("VALIDATION", "The name gives no usable slug: send one explicitly", { details: { field: "slug" } });
  }
  let slug = derived ? nextFreeSlug(base, await findSlugsLike(db, base)) : base;
  let id: string | undefined;
  for (let attempt = 1; id === undefined; attempt++) {
    try {
      id = await insertProduct(db, {
        slug,
        name: input.name,
        description: input.description,
        price: input.price,
        currency: input.currency,
        stock: input.stock,
        categoryId: input.categoryId ?? null,
        images: input.images.map((image) => ({ url: image.url, alt: image.alt ?? "" })),
      });
    } catch (error) {
      if (isUniqueViolation(error, "slug")) {
        if (derived && attempt < SLUG_ATTEMPTS) {
          slug = nextFreeSlug(base, await findSlugsLike(db, base));
          continue;
        }
        throw new DomainError("CONFLICT", "A product with this slug already exists", { details: { field: "slug", slug } });
      }
      if (isForeignKeyViolation(error)) {
        throw new DomainError("VALIDATION", "Unknown category", { details: { field: "categoryId" } });
      }
      throw error;
    }
  }
  const row = await findProductById(db, id);
  if (!row) throw notFound();
  return toProduct(db, row);
}

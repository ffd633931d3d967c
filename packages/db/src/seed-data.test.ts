/**
 * The seed list itself: mistakes here would surface as a half-seeded catalogue or a broken image at start-up,
 * so they are caught before any database is involved.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { productImageUrl, SEED_CATEGORIES, SEED_PRODUCTS } from "./seed-data";

// The API's limits (packages/core catalog.schemas.ts MAX_TAGS, MAX_TAG_LENGTH); @shop/db cannot import core.
const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 40;

const packageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function duplicates(values: string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

describe("seed data", () => {
  it("uses unique URL-safe slugs that fit their columns", () => {
    expect(duplicates(SEED_CATEGORIES.map((c) => c.slug))).toEqual([]);
    expect(duplicates(SEED_PRODUCTS.map((p) => p.slug))).toEqual([]);
    for (const c of SEED_CATEGORIES) {
      expect(c.slug).toMatch(SLUG);
      expect(c.slug.length).toBeLessThanOrEqual(120);
      expect(c.name.length).toBeLessThanOrEqual(120);
    }
    for (const p of SEED_PRODUCTS) {
      expect(p.slug).toMatch(SLUG);
      expect(p.slug.length).toBeLessThanOrEqual(160);
      // The name is also the image alt text (VARCHAR(200)).
      expect(p.name.length).toBeLessThanOrEqual(200);
      expect(p.description.length, p.slug).toBeGreaterThan(20);
    }
  });

  it("lists parents before their children, two levels deep", () => {
    const seen = new Set<string>();
    for (const c of SEED_CATEGORIES) {
      if (c.parentSlug !== undefined) {
        expect(seen.has(c.parentSlug), `${c.slug} comes before its parent ${c.parentSlug}`).toBe(true);
        const parent = SEED_CATEGORIES.find((p) => p.slug === c.parentSlug);
        expect(parent?.parentSlug, `${c.slug} is nested too deep`).toBeUndefined();
      }
      seen.add(c.slug);
    }
  });

  it("puts products only in leaf categories, with whole-cent prices and stock", () => {
    const leaves = new Set(
      SEED_CATEGORIES.filter((c) => !SEED_CATEGORIES.some((child) => child.parentSlug === c.slug)).map((c) => c.slug),
    );
    for (const p of SEED_PRODUCTS) {
      expect(leaves.has(p.categorySlug), `${p.slug} is in ${p.categorySlug}`).toBe(true);
      expect(Number.isInteger(p.price) && p.price > 0, `${p.slug} price`).toBe(true);
      expect(Number.isInteger(p.stock) && p.stock >= 0, `${p.slug} stock`).toBe(true);
    }
    expect(new Set(SEED_PRODUCTS.map((p) => p.categorySlug))).toEqual(leaves);
  });

  it("tags every product with a few distinct search words within the API's limits", () => {
    for (const p of SEED_PRODUCTS) {
      expect(p.tags.length, p.slug).toBeGreaterThanOrEqual(1);
      expect(p.tags.length, p.slug).toBeLessThanOrEqual(MAX_TAGS);
      expect(duplicates(p.tags.map((t) => t.toLowerCase())), p.slug).toEqual([]);
      for (const tag of p.tags) {
        expect(tag, p.slug).toBe(tag.trim());
        expect(tag.length, `${p.slug}: ${tag}`).toBeGreaterThan(0);
        expect(tag.length, `${p.slug}: ${tag}`).toBeLessThanOrEqual(MAX_TAG_LENGTH);
      }
    }
  });

  it("tags the novels as novels, the word the storefront's search box suggests", () => {
    const novels = SEED_PRODUCTS.filter((p) => p.tags.includes("novel"));
    expect(novels.length).toBeGreaterThanOrEqual(3);
    for (const p of novels) expect(p.categorySlug, p.slug).toBe("fiction");
  });

  // "Non-Fiction" holds the word "fiction" too (Postgres indexes a hyphenated word and its parts): a tag ranks the
  // Fiction books first for that search.
  it("tags every Fiction book with a kind of fiction and no Non-Fiction book with one", () => {
    for (const p of SEED_PRODUCTS.filter((p) => p.categorySlug === "fiction")) {
      expect(p.tags.some((t) => /\bfiction\b/i.test(t)), p.slug).toBe(true);
    }
    for (const p of SEED_PRODUCTS.filter((p) => p.categorySlug === "non-fiction")) {
      expect(p.tags.some((t) => /fiction/i.test(t)), p.slug).toBe(false);
    }
  });

  it("points every image at a public SVG named after the slug", () => {
    for (const p of SEED_PRODUCTS) expect(productImageUrl(p.slug)).toBe(`/images/products/${p.slug}.svg`);
  });

  it("has its placeholder images generated and up to date", () => {
    const run = spawnSync(process.execPath, [path.join(packageDir, "scripts", "generate-placeholders.mjs"), "--check"], {
      cwd: packageDir,
      encoding: "utf8",
    });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  }, 30_000);
});

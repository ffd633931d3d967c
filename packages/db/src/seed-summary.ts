/** What `npm run db:seed` says it did: counts that match what happened, and "already there" only when true. */
export function seedSummary(
  database: string,
  inserted: { categories: number; products: number },
  totals: { categories: number; products: number },
  ms: number,
): string {
  const skipped = { categories: totals.categories - inserted.categories, products: totals.products - inserted.products };
  if (inserted.categories === 0 && inserted.products === 0) {
    return `Seeded ${database}: the demo catalog was already there (${totals.categories} categories, ${totals.products} products); nothing changed.`;
  }
  const count = (n: number, what: string) => `${n} ${what}`;
  let line = `Seeded ${database}: ${count(inserted.categories, "categories")} and ${count(inserted.products, "products")} in ${ms} ms`;
  if (skipped.categories > 0 || skipped.products > 0) {
    const parts = [skipped.categories > 0 ? count(skipped.categories, "categories") : "", skipped.products > 0 ? count(skipped.products, "products") : ""];
    line += ` (${parts.filter(Boolean).join(" and ")} already existed and were left as they are)`;
  }
  return `${line}.`;
}

#!/usr/bin/env node
// Writes one placeholder SVG per seed product to apps/web/public/images/products/<slug>.svg, from the same list
// the seed inserts (src/seed-data.ts, loaded through tsx), so every seeded image URL has a file behind it.
// Output is deterministic: re-running rewrites identical files. `--check` writes nothing and exits 1 when a file
// is missing or differs from what the data would generate (for CI).
//
//   node scripts/generate-placeholders.mjs [--check]
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, "../../../apps/web/public/images/products");
const check = process.argv.includes("--check");

const { SEED_CATEGORIES, SEED_PRODUCTS, productImageUrl } = await tsImport("../src/seed-data.ts", import.meta.url);

// One hue per top-level category; its children get different lightness so neighbouring shelves differ.
const ROOT_HUES = { electronics: 218, "home-kitchen": 18, clothing: 165, books: 272 };
const LIGHTNESS = [30, 38, 46, 34, 42];

// 100 x 100 line drawings (white stroke, no fill), one per leaf category.
const ICONS = {
  audio: '<path d="M18 62V50a32 32 0 0 1 64 0v12"/><rect x="12" y="56" width="16" height="28" rx="5"/><rect x="72" y="56" width="16" height="28" rx="5"/>',
  computers: '<rect x="18" y="20" width="64" height="46" rx="4"/><path d="M6 80h88"/>',
  phones: '<rect x="31" y="8" width="38" height="84" rx="8"/><path d="M45 80h10"/>',
  cookware: '<circle cx="40" cy="52" r="28"/><path d="M68 52h28"/>',
  "coffee-tea": '<path d="M20 32h46v36a14 14 0 0 1-14 14H34a14 14 0 0 1-14-14z"/><path d="M66 42h8a10 10 0 0 1 0 20h-8M34 10v12M48 10v12"/>',
  "home-decor": '<path d="M28 52l10-38h24l10 38z"/><path d="M50 52v30M32 86h36"/>',
  "tops-outerwear": '<path d="M34 12L10 26l10 18 12-6v50h36V38l12 6 10-18-24-14c-2 8-8 12-16 12s-14-4-16-12z"/>',
  footwear: '<path d="M8 74V34h24c4 12 14 16 28 18l22 6c8 2 10 8 10 12v4z"/><path d="M8 84h84"/>',
  fiction: '<rect x="22" y="10" width="56" height="80" rx="4"/><path d="M34 10v80M44 30h24"/>',
  "non-fiction": '<path d="M50 24C40 16 24 16 10 20v60c14-4 30-4 40 4 10-8 26-8 40-4V20c-14-4-30-4-40 4zM50 24v60"/>',
};
const FALLBACK_ICON = '<circle cx="50" cy="50" r="36"/>';

function escapeXml(text) {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

// SVG text does not wrap: break greedily at spaces, at most three lines, the last one ellipsised if needed.
function wrap(text, width = 20, maxLines = 3) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1].slice(0, width - 1)}…`;
  return kept;
}

function render(product, category, root) {
  const hue = ROOT_HUES[root.slug] ?? [...root.slug].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 0);
  const siblings = SEED_CATEGORIES.filter((c) => c.parentSlug === category.parentSlug);
  const light = LIGHTNESS[siblings.indexOf(category) % LIGHTNESS.length];
  const lines = wrap(product.name);
  const firstY = 262 - (lines.length - 1) * 16;
  const text = lines
    .map((l, i) => `<text x="200" y="${firstY + i * 32}" font-size="26" font-weight="600">${escapeXml(l)}</text>`)
    .join("");
  const name = escapeXml(product.name);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-label="${name}">` +
    `<title>${name}</title>` +
    `<rect width="400" height="400" fill="hsl(${hue} 55% ${light}%)"/>` +
    `<circle cx="200" cy="130" r="86" fill="#fff" fill-opacity=".12"/>` +
    `<g transform="translate(150 80)" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round">` +
    `${ICONS[category.slug] ?? FALLBACK_ICON}</g>` +
    `<g fill="#fff" font-family="system-ui,-apple-system,'Segoe UI',Roboto,sans-serif" text-anchor="middle">${text}` +
    `<text x="200" y="364" font-size="16" fill-opacity=".75">${escapeXml(category.name)}</text></g>` +
    `</svg>\n`
  );
}

const categories = new Map(SEED_CATEGORIES.map((c) => [c.slug, c]));
const expected = new Map();
for (const product of SEED_PRODUCTS) {
  const category = categories.get(product.categorySlug);
  if (!category) throw new Error(`${product.slug}: unknown category ${product.categorySlug}`);
  const root = categories.get(category.parentSlug ?? category.slug) ?? category;
  const url = productImageUrl(product.slug);
  const file = path.join(outDir, path.basename(url));
  if (path.relative(outDir, file) !== path.basename(url) || !url.endsWith(".svg")) {
    throw new Error(`${product.slug}: image URL ${url} does not map into ${outDir}`);
  }
  expected.set(file, render(product, category, root));
}

await mkdir(outDir, { recursive: true });
const problems = [];
let written = 0;
for (const [file, svg] of expected) {
  if (Buffer.byteLength(svg) >= 2048) problems.push(`${path.basename(file)} is ${Buffer.byteLength(svg)} bytes (limit 2 KB)`);
  const current = await readFile(file, "utf8").catch(() => null);
  if (current === svg) continue;
  if (check) {
    problems.push(`${path.basename(file)} is ${current === null ? "missing" : "out of date"}`);
  } else {
    await writeFile(file, svg);
    written += 1;
  }
}
const orphans = (await readdir(outDir)).filter((f) => f.endsWith(".svg") && !expected.has(path.join(outDir, f)));
for (const orphan of orphans) console.warn(`warning: ${orphan} belongs to no seed product`);

const where = path.relative(process.cwd(), outDir) || ".";
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(check ? "Run `node scripts/generate-placeholders.mjs` to regenerate." : "Placeholder generation failed.");
  process.exit(1);
}
console.log(
  check
    ? `${expected.size} placeholder images in ${where} are up to date.`
    : `${expected.size} placeholder images in ${where} (${written} written, ${expected.size - written} unchanged).`,
);

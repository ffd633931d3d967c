/** A URL slug: lowercase ASCII letters and digits in groups joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 160;

// Letters NFKD does not decompose into an ASCII base letter.
const FOLD: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ð: "d", ł: "l", þ: "th", ı: "i" };

/**
 * "Crème Brûlée Set, 2 pcs." -> "creme-brulee-set-2-pcs". Accents are folded to ASCII, apostrophes dropped
 * (so "O'Neil's" stays one word), every other run of non-alphanumerics becomes one hyphen. May return "" when
 * nothing ASCII is left (e.g. a name in CJK): the caller must then ask for an explicit slug.
 */
export function slugify(text: string, maxLength = SLUG_MAX_LENGTH): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (ch) => FOLD[ch] ?? "")
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/, "");
}

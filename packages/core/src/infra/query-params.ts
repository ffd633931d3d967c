import { z } from "zod";

/** "16", "-3", "016": plain decimal digits. Not "0x10", "1e2", " 5", "" (Number() would take all of them). */
const DECIMAL = /^-?\d{1,16}$/;

/**
 * An integer query parameter. Query strings arrive as text: only plain decimal digits become a number, so
 * `limit=0x10` is a 400, not 16. Typed callers (tRPC) pass numbers, which go straight to the check.
 * A preprocess rather than z.coerce: trpc-to-openapi turns on coercion (Number()) for bare number schemas.
 */
export function QueryInt(min: number, max: number, doc: { description?: string; default?: number } = {}) {
  // The document shows the inner number schema (the preprocess hides the outer one): its docs go there.
  return z.preprocess(
    (value) => (typeof value === "string" && DECIMAL.test(value) ? Number(value) : value),
    z.number({ error: "Must be a whole number written in decimal digits" }).int().min(min).max(max).meta(doc),
  );
}

/** A page size with its default. */
export function QueryLimit(max = 100, fallback = 20) {
  return QueryInt(1, max, { description: `Page size, 1..${max}`, default: fallback }).default(fallback);
}

/** Exactly true/false/1/0 (z.coerce.boolean() would read "false" as true). */
export const QueryBoolean = z
  .union([z.enum(["true", "false", "1", "0"]), z.boolean()])
  .transform((value) => value === true || value === "true" || value === "1");

/**
 * A boolean in a JSON body: true or false only. A bare z.boolean() would be coerced by trpc-to-openapi (Boolean()),
 * so that [null], "no" or 0 became a value instead of a 400; the preprocess keeps its hands off.
 */
export const StrictBoolean = z.preprocess((value) => value, z.boolean({ error: "Must be true or false" }));

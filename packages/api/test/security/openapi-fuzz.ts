/**
 * Property-based requests from the OpenAPI document: the operations, an arbitrary of valid values and one of
 * invalid values for the JSON Schema subset the document uses, and Ajv validators for the documented schemas.
 */
import fc from "fast-check";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import { buildOpenApiDocument } from "../../src/openapi";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON Schema is untyped JSON
export type Schema = Record<string, any>;

export interface Parameter {
  in: "path" | "query" | "header";
  name: string;
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** Template as documented, e.g. /shop/orders/{id}. */
  path: string;
  key: string;
  secured: boolean;
  /** Protected and documented with 403: an administrator (or staff) route. */
  admin: boolean;
  tags: string[];
  parameters: Parameter[];
  body?: Schema;
  responses: Record<string, { content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }>;
}

export const doc = buildOpenApiDocument();
const components: Record<string, Schema> = (doc.components?.schemas ?? {}) as Record<string, Schema>;

export function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, raw] of Object.entries(item as Record<string, Schema>)) {
      // Protected: every security alternative names a scheme (the cart's `[{}, {bearerAuth: []}]` admits guests).
      const secured = Array.isArray(raw.security) && raw.security.length > 0 && raw.security.every((r: object) => Object.keys(r).length > 0);
      out.push({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        secured,
        admin: secured && "403" in (raw.responses ?? {}),
        tags: raw.tags ?? [],
        parameters: ((raw.parameters ?? []) as Schema[]).map((p) =>
          typeof p.$ref === "string" ? (doc.components?.parameters?.[p.$ref.replace("#/components/parameters/", "")] as Parameter) : (p as Parameter),
        ),
        body: raw.requestBody?.content?.["application/json"]?.schema,
        responses: raw.responses ?? {},
      });
    }
  }
  return out;
}

export function resolve(schema: Schema): Schema {
  let s = schema;
  while (typeof s.$ref === "string") {
    const name = s.$ref.replace("#/components/schemas/", "");
    const target = components[name];
    if (!target) throw new Error(`unresolved ${s.$ref}`);
    // Siblings of $ref (description) carry no constraints here.
    s = target;
  }
  return s;
}

// Formats as zod checks them (the document repeats zod's regex as `pattern` next to `format`).
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
ajv.addFormat("uuid", UUID);
ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/);
ajv.addFormat("date-time", { validate: (s: string) => !Number.isNaN(Date.parse(s)) });
ajv.addFormat("uri", { validate: () => true });
const withRefs = (schema: Schema): Schema =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"https://shop.test/components.json#/$defs/'));

ajv.addSchema({ $id: "https://shop.test/components.json", $defs: withRefs(components) });

const compiled = new WeakMap<Schema, ValidateFunction>();
export function validator(schema: Schema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(withRefs(schema));
    compiled.set(schema, fn);
  }
  return fn;
}

/** Unicode trouble and SQL/HTML/path metacharacters, sent in every string field and query parameter. */
export const NASTY_STRINGS: readonly string[] = [
  "' OR 1=1 --",
  "'; DROP TABLE \"User\"; --",
  "\" OR \"\"=\"",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "%00",
  "%27%20OR%201%3D1",
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "a\u0000b",
  "\u0000",
  "😀👍🏽🇺🇿",
  "مرحبا بالعالم",
  "\u202Egnp.exe",
  "\uD800",
  "x\uDFFFy",
  "\uFEFF\u200B",
  "Ω≈ç√∫˜µ≤≥÷",
  "${jndi:ldap://x}",
  "{{7*7}}",
  "\\",
  "%",
  "_%_",
  "\r\n\t",
  " ",
  "",
  "null",
  "0x7fffffff",
  "-1",
  "1e309",
  "true",
];

/** Printable-ASCII nasty values, for headers (a header value cannot hold NUL, CR/LF or non-Latin-1 text). */
export const NASTY_HEADER_VALUES: readonly string[] = [
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "%00",
  "../../etc/passwd",
  "${jndi:ldap://x}",
  "x".repeat(300),
  " ",
  "\u00e9\u00ff",
];

/** Path segments sent as they are (percent-encoding a client could send, valid or not). */
export const RAW_PATH_SEGMENTS: readonly string[] = [
  "%00",
  "%ZZ",
  "%",
  "%E0%A4%A",
  "%ED%A0%80",
  "%C0%AF",
  "%2e%2e%2f%2e%2e%2f",
  "..%2F..%2F",
  "%27%20OR%201%3D1%20--",
  "%3Cscript%3E",
  "null",
  "undefined",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "x".repeat(600),
];

export interface Hints {
  /** Values mixed in for properties or parameters of this name (fixture ids, slugs). */
  [name: string]: readonly unknown[];
}

const types = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

// JSON Schema counts code points, zod UTF-16 units: valid for both = enough code points, few enough units.
const lengthOk = (s: Schema) => (v: string) => [...v].length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity);

function stringArb(s: Schema, hostile: boolean): fc.Arbitrary<string> {
  const ok = lengthOk(s);
  const options: fc.Arbitrary<string>[] = [];
  if (s.format === "uuid") options.push(fc.uuid());
  else if (s.format === "email") options.push(fc.emailAddress());
  else if (s.pattern) options.push(fc.stringMatching(new RegExp(s.pattern), { maxLength: s.maxLength }));
  else {
    const min = s.minLength ?? 0;
    const max = Math.min(s.maxLength ?? 40, min + 40);
    options.push(
      fc.string({ minLength: min, maxLength: max }),
      fc.string({ minLength: min, maxLength: max, unit: "grapheme" }),
      fc.string({ minLength: min, maxLength: max, unit: "binary" }),
      fc.constantFrom(...NASTY_STRINGS),
    );
    if (s.maxLength !== undefined && s.maxLength <= 10_000) options.push(fc.constant("x".repeat(s.maxLength)));
  }
  const valid = fc.oneof(...options).filter((v) => {
    if (!ok(v)) return false;
    return !s.pattern || new RegExp(s.pattern).test(v);
  });
  // Hostile: metacharacters even where the schema forbids them (pattern, format).
  return hostile ? fc.oneof(valid, fc.constantFrom(...NASTY_STRINGS)) : valid;
}

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const min: number = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000_000);
  const max: number = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1_000_000);
  const edges = fc.constantFrom(min, max);
  if (!integer) return fc.oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), edges);
  const int32 = min >= -0x80000000 && max <= 0x7fffffff;
  const body = int32 ? fc.integer({ min, max }) : fc.maxSafeInteger().filter((n) => n >= min && n <= max);
  return fc.oneof({ arbitrary: body, weight: 4 }, { arbitrary: fc.integer({ min, max: Math.min(max, min + 10) }), weight: 2 }, edges);
}

/** Values the schema accepts (hostile: strings also drawn from NASTY_STRINGS regardless of constraints). */
export function valueArb(schema: Schema, hints: Hints = {}, hostile = false, name?: string): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const hinted = name ? hints[name] : undefined;
  const base = plainValueArb(s, hints, hostile);
  return hinted?.length ? fc.oneof({ arbitrary: fc.constantFrom(...hinted), weight: 3 }, { arbitrary: base, weight: 1 }) : base;
}

function plainValueArb(s: Schema, hints: Hints, hostile: boolean): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
  const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((a) => valueArb(a, hints, hostile)));
  const ts = types(s);
  if (s.nullable) ts.push("null");
  if (ts.length > 1) return fc.oneof(...ts.map((t) => plainValueArb({ ...s, type: t, nullable: false }, hints, hostile)));
  switch (ts[0]) {
    case "string":
      return stringArb(s, hostile);
    case "integer":
      return numberArb(s, true);
    case "number":
      return numberArb(s, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(valueArb(s.items ?? {}, hints, hostile), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 4, (s.minItems ?? 0) + 4),
      });
    case "object":
    case undefined: {
      if (!s.properties) return ts[0] === "object" ? fc.constant({}) : fc.jsonValue({ maxDepth: 2 });
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, prop] of Object.entries(s.properties as Record<string, Schema>)) model[key] = valueArb(prop, hints, hostile, key);
      return fc.record(model, { requiredKeys: (s.required ?? []) as string[] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Fields a client must never set: sent as unknown properties (mass assignment). */
const FORBIDDEN_FIELDS = ["role", "price", "stock", "status", "userId", "id", "ratingAverage", "verifiedPurchase", "__proto__", "constructor"];

/** Values that break the schema somewhere: wrong type, out of range, too long, off pattern, missing or extra key. */
function violationArb(schema: Schema, hints: Hints): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const out: fc.Arbitrary<unknown>[] = [fc.constantFrom<unknown>(null, true, 0, -1.5, "", "x", [], {}, [null], "1e999")];
  const ts = types(s);
  if (ts.includes("string") || s.format || s.pattern) {
    if (s.maxLength !== undefined) out.push(fc.constant("y".repeat(s.maxLength + 1)));
    if (s.minLength) out.push(fc.constant("z".repeat(s.minLength - 1)));
    if (s.pattern || s.format) out.push(fc.constantFrom(...NASTY_STRINGS));
  }
  if (ts.includes("integer") || ts.includes("number")) {
    if (s.minimum !== undefined) out.push(fc.constant(s.minimum - 1));
    if (s.maximum !== undefined) out.push(fc.constant(s.maximum + 1));
    out.push(fc.constantFrom(1.5, 2 ** 53, -(2 ** 63), "7"));
  }
  if (s.enum) out.push(fc.constantFrom("not-a-member", String(s.enum[0]).toUpperCase() + "!"));
  if (ts.includes("array")) {
    if (s.maxItems !== undefined) out.push(fc.array(valueArb(s.items ?? {}, hints), { minLength: s.maxItems + 1, maxLength: s.maxItems + 2 }));
    if (s.items) out.push(fc.array(violationArb(s.items, hints), { minLength: 1, maxLength: 2 }));
  }
  if (s.properties) {
    const valid = valueArb(s, hints) as fc.Arbitrary<Record<string, unknown>>;
    const keys = Object.keys(s.properties);
    const required = (s.required ?? []) as string[];
    if (required.length) {
      out.push(fc.tuple(valid, fc.constantFrom(...required)).map(([v, k]) => omit(v, k)));
    }
    if (s.additionalProperties === false) {
      out.push(
        fc.tuple(valid, fc.constantFrom(...FORBIDDEN_FIELDS), fc.jsonValue({ maxDepth: 1 })).map(([v, k, x]) => {
          const copy: Record<string, unknown> = { ...v };
          Object.defineProperty(copy, k, { value: x ?? 1, enumerable: true, writable: true, configurable: true });
          return copy;
        }),
      );
    }
    out.push(
      fc.tuple(valid, fc.constantFrom(...keys)).chain(([v, k]) =>
        violationArb((s.properties as Record<string, Schema>)[k]!, hints).map((bad) => ({ ...v, [k]: bad })),
      ),
    );
  }
  if (s.anyOf || s.oneOf) out.push(...((s.anyOf ?? s.oneOf) as Schema[]).map((a) => violationArb(a, hints)));
  return fc.oneof(...out);
}

function omit(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}

/** Invalid values only: whatever the mutation, Ajv must reject it (so a generator slip is never a false alarm). */
export function invalidArb(schema: Schema, hints: Hints = {}): fc.Arbitrary<unknown> {
  const validate = validator(schema);
  return violationArb(schema, hints).filter((v) => !validate(v));
}

/** A query-string value as a client would write it. */
export const asQueryValue = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

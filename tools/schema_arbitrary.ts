/**
 * fast-check arbitraries for request bodies, driven by the OpenAPI document's
 * JSON Schemas: mostly well-formed values with hostile leaves (SQL and HTML
 * metacharacters, huge numbers, long and odd strings, wrong types, extra
 * fields), so a fuzz run reaches the handlers and not only the validator.
 */
import fc from "fast-check";

// deno-lint-ignore no-explicit-any
export type JsonSchema = Record<string, any>;

const HOSTILE_STRINGS = [
  "",
  " ",
  "'; drop table users; --",
  "\" or 1=1 --",
  "%' or '%'='",
  "\\x00\u0000nul",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "Robert'); DELETE FROM lanes;--",
  "💥🎳".repeat(20),
  "a".repeat(5000),
  "\u202e\u200b\ufeff",
  "null",
  "1e309",
];

const HOSTILE_NUMBERS = [0, -1, 1, 1023, 1024, -0, 2 ** 31, -(2 ** 31), 2 ** 53, 1e308, -1e308, 0.5, Number.MIN_VALUE];

/** Resolves `$ref`s against the document's components. */
export function resolver(doc: JsonSchema) {
  return function resolve(s: JsonSchema | undefined, depth = 0): JsonSchema {
    if (!s || depth > 20) return {};
    if (typeof s.$ref === "string") {
      const name = s.$ref.split("/").pop()!;
      return resolve(doc.components?.schemas?.[name], depth + 1);
    }
    return s;
  };
}

/** Any JSON value, including deep and wide ones. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 4 });

/** A value that mostly fits `schema`, with hostile leaves and occasional wrong types. */
export function arbitraryFor(schema: JsonSchema, resolve: (s: JsonSchema) => JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const fits = fitting(s, resolve, depth);
  // One value in eight is of the wrong kind altogether.
  return fc.oneof({ weight: 7, arbitrary: fits }, { weight: 1, arbitrary: anyJson });
}

function fitting(s: JsonSchema, resolve: (s: JsonSchema) => JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return anyJson;
  const alts = s.anyOf ?? s.oneOf;
  if (Array.isArray(alts) && alts.length) return fc.oneof(...alts.map((a: JsonSchema) => arbitraryFor(a, resolve, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length) return arbitraryFor(s.allOf[0], resolve, depth + 1);
  if (Array.isArray(s.enum)) return fc.oneof(fc.constantFrom(...s.enum), fc.constantFrom(...HOSTILE_STRINGS));
  if ("const" in s) return fc.oneof(fc.constant(s.const), anyJson);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "object": {
      const props: Record<string, JsonSchema> = s.properties ?? {};
      const keys = Object.keys(props);
      const entries = Object.fromEntries(keys.map((k) => [k, arbitraryFor(props[k], resolve, depth + 1)]));
      const required = new Set<string>(s.required ?? []);
      const record = fc.record(entries, { requiredKeys: keys.filter((k) => required.has(k) || Math.random() < 0.5) });
      return fc.tuple(record, fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 2 }), fc.nat(9))
        .map(([obj, extra, dice]) => dice === 0 ? { ...obj, ...extra } : obj);
    }
    case "array":
      return fc.array(arbitraryFor(s.items ?? {}, resolve, depth + 1), { maxLength: dice(s.maxItems) });
    case "string":
      return fc.oneof(
        { weight: 3, arbitrary: stringLike(s) },
        { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
        { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
      );
    case "integer":
      return fc.oneof(
        fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 }),
        fc.constantFrom(...HOSTILE_NUMBERS),
      );
    case "number":
      return fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(...HOSTILE_NUMBERS));
    case "boolean":
      return fc.oneof(fc.boolean(), fc.constantFrom("true", 1, null));
    case "null":
      return fc.constant(null);
    default:
      return anyJson;
  }
}

function stringLike(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === "email") return fc.emailAddress();
  if (s.format === "uuid") return fc.uuid();
  if (s.format === "uri") return fc.webUrl();
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 500));
    } catch {
      // fall through to a plain string
    }
  }
  return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 60, 300) });
}

function dice(max: number | undefined): number {
  return Math.min(max ?? 6, 12);
}

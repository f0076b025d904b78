/**
 * Fuzzes every route in the OpenAPI document: a few hundred random bodies
 * (schema-shaped with hostile leaves, wrong types, extra fields, malformed
 * JSON, wrong content types), random path and query parameters, as every
 * role. No request may end in a 5xx, and every error must be problem+json.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { TEST_DB_KINDS } from "../tools/postgres.ts";
import { anyJson, arbitraryFor, type JsonSchema, resolver } from "../tools/schema_arbitrary.ts";
import { createTestApp } from "./testing.ts";

const RUNS_WITH_BODY = Number(Deno.env.get("FUZZ_RUNS") ?? 200);
const RUNS_WITHOUT_BODY = Math.ceil(RUNS_WITH_BODY / 4);
const METHODS = ["get", "post", "put", "patch", "delete"] as const;

for (const kind of TEST_DB_KINDS) {
  Deno.test(`random bodies, parameters and roles on every route never get a 5xx (${kind})`, async () => {
    const t = await createTestApp(kind);
    try {
      const people = await Promise.all((["spectator", "bettor", "staff", "admin"] as const).map((r) => t.as(r)));
      const auths = [
        {},
        { authorization: "Bearer not-a-token" },
        { authorization: "Bearer a.b.c" },
        ...people.map((p) => p.headers),
      ];
      const doc = await (await t.app.request("/api/openapi.json")).json();
      const resolve = resolver(doc);
      const ids = await knownIds(t.app, doc, people[3].headers);
      const idArb = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...ids) },
        { weight: 1, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
        { weight: 1, arbitrary: fc.constantFrom("0", "-1", "99999999999999999999", "%00", "..", "1;drop table lanes") },
      );
      let requests = 0;
      let operations = 0;
      for (const [path, item] of Object.entries(doc.paths as Record<string, JsonSchema>)) {
        for (const method of METHODS) {
          const op = item[method];
          if (!op || isStream(op)) continue;
          const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
          const query = (op.parameters ?? []).filter((p: JsonSchema) => p.in === "query");
          const bodyArb = bodySchema
            ? fc.oneof(
              { weight: 8, arbitrary: arbitraryFor(bodySchema, resolve).map((v) => ({ type: "json", text: JSON.stringify(v) })) },
              { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ type: "json", text })) },
              { weight: 1, arbitrary: anyJson.map((v) => ({ type: "text/plain", text: JSON.stringify(v) })) },
            )
            : fc.constant(undefined);
          const queryArb = fc.record(Object.fromEntries(query.map((p: JsonSchema) => [p.name, arbitraryFor(p.schema ?? {}, resolve)])), {
            requiredKeys: [],
          });
          const property = fc.asyncProperty(
            fc.array(idArb, { minLength: 3, maxLength: 3 }),
            bodyArb,
            queryArb,
            fc.constantFrom(...auths),
            async (pathIds, body, q, headers) => {
              let i = 0;
              const url = new URL(`http://lanecast.test/api${path.replace(/\{[^}]+\}/g, () => encodeURIComponent(pathIds[i++ % 3]))}`);
              for (const [k, v] of Object.entries(q)) url.searchParams.set(k, typeof v === "string" ? v : JSON.stringify(v));
              const init: RequestInit = { method: method.toUpperCase(), headers: { ...headers } };
              if (body) {
                init.body = body.text;
                (init.headers as Record<string, string>)["content-type"] = body.type === "json" ? "application/json" : body.type;
              }
              const r = await t.app.request(url.pathname + url.search, init);
              const text = await r.text();
              requests++;
              assert.ok(r.status < 500, `${method.toUpperCase()} ${url.pathname}${url.search} → ${r.status}: ${text.slice(0, 300)}\nbody: ${body?.text.slice(0, 300)}`);
              if (r.status >= 400) {
                assert.equal(r.headers.get("content-type"), "application/problem+json", `${method.toUpperCase()} ${path} ${r.status}`);
                const p = JSON.parse(text);
                assert.equal(p.status, r.status);
                assert.ok(typeof p.detail === "string" && p.detail.length > 0);
              }
            },
          );
          await fc.assert(property, { numRuns: bodySchema ? RUNS_WITH_BODY : RUNS_WITHOUT_BODY });
          operations++;
        }
      }
      console.log(`fuzz (${kind}): ${requests} requests over ${operations} operations, no 5xx`);
      // The whole API, not a fraction of it (the role matrix lists every route).
      assert.ok(operations >= 35, `only ${operations} operations were fuzzed`);
    } finally {
      await t.close();
    }
  });
}

function isStream(op: JsonSchema): boolean {
  return Object.values(op.responses ?? {}).some((r) => Object.keys((r as JsonSchema).content ?? {}).includes("text/event-stream"));
}

/** Ids of real things (lanes, sessions, users…) scraped from the list routes, so fuzzed requests reach real rows. */
async function knownIds(app: { request: (p: string, i?: RequestInit) => Response | Promise<Response> }, doc: JsonSchema, headers: Record<string, string>) {
  const ids = new Set<string>(["1", "2", "3"]);
  for (const [path, item] of Object.entries(doc.paths as Record<string, JsonSchema>)) {
    if (path.includes("{") || !item.get || isStream(item.get)) continue;
    const r = await app.request(`/api${path}`, { headers });
    if (!r.headers.get("content-type")?.includes("json")) {
      await r.body?.cancel();
      continue;
    }
    collect(await r.json(), ids);
  }
  return [...ids].slice(0, 50);
}

function collect(v: unknown, ids: Set<string>): void {
  if (Array.isArray(v)) v.forEach((x) => collect(x, ids));
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if (k === "id" && (typeof x === "string" || typeof x === "number")) ids.add(String(x));
      else collect(x, ids);
    }
  }
}

/**
 * The route × role matrix: every API route, called by every kind of caller,
 * lets through exactly the callers it should. The table below is the
 * specification; the first test proves it matches what each route declares
 * (so a new route cannot ship without a row), the second calls each route as
 * each caller and checks the guard's answer.
 *
 * "Let through" means the answer is neither 401 nor 403 (it may still be a
 * 400 for the deliberately empty body, a 404 for a made-up id, or a 409);
 * "refused" means 401 for a caller without a valid token and 403 otherwise.
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../tools/postgres.ts";
import { createTestApp, TEST_CAMERA_KEY, TEST_INFERENCE_KEY } from "./testing.ts";

type Caller = "anonymous" | "spectator" | "bettor" | "staff" | "admin" | "camera" | "inference";
const PEOPLE = ["spectator", "bettor", "staff", "admin"] as const;
const CALLERS: Caller[] = ["anonymous", ...PEOPLE, "camera", "inference"];

const EVERYONE: Caller[] = ["anonymous", ...PEOPLE, "camera", "inference"];
const SIGNED_IN: Caller[] = [...PEOPLE];
const STAFF: Caller[] = ["staff", "admin"];
/** Who can hold money: bettors, and spectators (a bettor demoted keeps their balance). */
const HOLDERS: Caller[] = ["spectator", "bettor"];

/** Who may call what. "public" routes take anyone, with or without credentials. */
const MATRIX: Record<string, Caller[]> = {
  "GET /health": EVERYONE,
  "GET /lanes": EVERYONE,
  "GET /lanes/{id}": EVERYONE,
  "POST /lanes/{id}/watch": EVERYONE,
  "GET /lanes/{id}/calibration": EVERYONE,
  "GET /lanes/{id}/qr": EVERYONE,
  "GET /lanes/{id}/shots": EVERYONE,
  "GET /lanes/{id}/session": EVERYONE,
  "GET /lanes/{id}/live": EVERYONE,
  "GET /sessions/{id}": EVERYONE,
  "GET /lanes/{id}/markets": EVERYONE,
  "GET /markets/{id}": EVERYONE,
  "GET /shots/{shotId}/clip": EVERYONE,
  "POST /auth/signup": EVERYONE,
  "GET /payments/config": EVERYONE,
  "POST /auth/login": EVERYONE,
  "POST /auth/refresh": EVERYONE,
  "POST /auth/logout": EVERYONE,

  "POST /auth/password": SIGNED_IN,
  "POST /auth/signup/confirm": EVERYONE,
  "POST /auth/logout-everywhere": SIGNED_IN,
  "GET /me": SIGNED_IN,
  "PATCH /me": SIGNED_IN,
  "POST /me/betting": SIGNED_IN,
  "GET /me/games": SIGNED_IN,
  "GET /me/games/{id}": SIGNED_IN,
  "GET /me/stats": SIGNED_IN,
  "GET /wallet": SIGNED_IN,
  "GET /wallet/transactions": SIGNED_IN,
  "POST /wallet/deposits": SIGNED_IN,
  "GET /wallet/deposits": SIGNED_IN,
  "GET /staff/payments": STAFF,
  "GET /staff/disputes": STAFF,
  "GET /wallet/transactions.csv": SIGNED_IN,
  "POST /lanes/{id}/check-in": SIGNED_IN,
  "GET /bets": SIGNED_IN,
  "POST /live/tickets": SIGNED_IN,
  "GET /me/live": EVERYONE,
  "GET /bets/{id}": SIGNED_IN,

  "POST /bets": ["bettor"],

  "POST /lanes/{id}/publish": [...STAFF, "camera"],

  "POST /lanes": STAFF,
  "PATCH /lanes/{id}": STAFF,
  "PUT /lanes/{id}/calibration": STAFF,
  "DELETE /lanes/{id}/calibration": STAFF,
  "GET /staff/lanes": STAFF,
  "POST /lanes/{id}/camera-key": STAFF,
  "DELETE /lanes/{id}/camera-key": STAFF,
  "GET /audit": STAFF,
  "GET /outbox": STAFF,
  "GET /users/{id}/ledger": STAFF,
  "POST /outbox/{id}/revive": STAFF,
  "POST /lanes/{id}/sessions": STAFF,
  "GET /sessions": STAFF,
  "POST /sessions/{id}/balls": STAFF,
  "POST /sessions/{id}/balls/{ballId}/correction": STAFF,
  "GET /sessions/{id}/history": STAFF,
  "POST /sessions/{id}/bowlers": STAFF,
  "POST /sessions/{id}/close": STAFF,
  "POST /sessions/{id}/claim": STAFF,
  "GET /sessions/{id}/check-in-code": STAFF,
  "POST /sessions/{id}/check-in-code": STAFF,
  "POST /sessions/{id}/bowlers/{bowlerId}/remove": STAFF,
  "GET /markets": STAFF,
  "POST /markets/{id}/suspend": STAFF,
  "POST /markets/{id}/void": STAFF,
  "POST /staff/shots/{shotId}/clip/keep": STAFF,
  "POST /staff/lanes/{id}/clips": STAFF,
  "GET /staff/highlights": STAFF,

  "GET /users": ["admin"],
  "PATCH /users/{id}": ["admin"],
  "GET /admin/ledger/check": ["admin"],
  "GET /markets/reviews": STAFF,
  "POST /markets/reviews/{shotId}": STAFF,
  "GET /markets/video-reviews": STAFF,
  "POST /markets/video-reviews/{id}": STAFF,
  "POST /markets/{id}/dispute": STAFF,
  "POST /markets/{id}/resolve": STAFF,
  "POST /shots/{shotId}/shares": SIGNED_IN,
  "GET /shares/{token}": EVERYONE,
  "GET /staff/shots/{shotId}/shares": STAFF,
  "DELETE /staff/shares/{token}": STAFF,
  "POST /shots/{shotId}/shares/sms": SIGNED_IN,
  "POST /analyze": SIGNED_IN,
  "GET /analyze/{jobId}": SIGNED_IN,
  "GET /analyze/{jobId}/shots/{index}/poster": SIGNED_IN,
  "DELETE /analyze/{jobId}": SIGNED_IN,
  "POST /resolve": SIGNED_IN,
  "GET /staff/sms": STAFF,
  "GET /staff/mail": ["admin"],
  "GET /me/phone": SIGNED_IN,
  "POST /me/phone": SIGNED_IN,
  "POST /me/phone/verify": SIGNED_IN,
  // Signed by Stripe (Stripe-Signature), not by a caller.
  "POST /webhooks/stripe": EVERYONE,
  "GET /me/notifications": SIGNED_IN,
  "PUT /me/notifications": SIGNED_IN,
  "POST /wallet/deposits/{id}/capture": SIGNED_IN,
  "POST /webhooks/paypal": EVERYONE,
  "POST /webhooks/twilio": EVERYONE,
  "POST /webhooks/twilio/inbound": EVERYONE,

  "GET /inference/lanes": ["inference"],
  "POST /inference/lanes/{id}/subscribe": ["inference"],
  "POST /inference/lanes/{id}/shots": ["inference"],
  "GET /inference/events": ["inference"],
  "POST /inference/events": ["inference"],
  "POST /inference/leases": ["inference"],
  "DELETE /inference/leases/{sidecarId}": ["inference"],
  "GET /staff/inference": STAFF,
  "POST /wallet/withdrawals": HOLDERS,
  "GET /wallet/withdrawals": HOLDERS,
  "POST /wallet/withdrawals/{id}/cancel": HOLDERS,
  "GET /staff/withdrawals": STAFF,
  "POST /staff/withdrawals/{id}/approve": STAFF,
  "POST /staff/withdrawals/{id}/reject": STAFF,
  "POST /staff/withdrawals/{id}/mark-paid": STAFF,
  "GET /me/limits": HOLDERS,
  "PUT /me/limits": HOLDERS,
  "POST /me/time-out": HOLDERS,
  "POST /me/self-exclusion": HOLDERS,
  "GET /me/reality-check": HOLDERS,
  // Last: it closes the callers' accounts.
  "POST /me/close": HOLDERS,
};

/** What each route declares in the OpenAPI document (`x-roles`), as callers. */
function declared(roles: string[]): Caller[] {
  if (roles.includes("public")) return EVERYONE;
  return roles as Caller[];
}

const sorted = (a: Caller[]) => [...a].sort();

for (const kind of TEST_DB_KINDS) {
  Deno.test(`every route declares exactly the callers the matrix allows (${kind})`, async () => {
    const t = await createTestApp(kind);
    try {
      const doc = await (await t.app.request("/api/openapi.json")).json();
      const seen = new Set<string>();
      for (
        const [path, item] of Object.entries<Record<string, { "x-roles"?: string[] }>>(doc.paths)
      ) {
        for (const [method, op] of Object.entries(item)) {
          const key = `${method.toUpperCase()} ${path}`;
          seen.add(key);
          assert.ok(MATRIX[key], `${key} has no row in the role matrix`);
          assert.ok(op["x-roles"], `${key} declares no x-roles`);
          assert.deepEqual(
            sorted(declared(op["x-roles"])),
            sorted(MATRIX[key]),
            `${key} declares other roles`,
          );
        }
      }
      for (const key of Object.keys(MATRIX)) {
        assert.ok(seen.has(key), `${key} is in the matrix but not in the API`);
      }
    } finally {
      await t.close();
    }
  });

  Deno.test(`each caller gets through exactly the routes the matrix allows (${kind})`, async () => {
    const t = await createTestApp(kind);
    try {
      const people = Object.fromEntries(
        await Promise.all(PEOPLE.map(async (r) => [r, await t.as(r)] as const)),
      );
      const headersFor = (c: Caller): Record<string, string> => {
        if (c === "anonymous") return {};
        if (c === "camera") return { authorization: `Bearer ${TEST_CAMERA_KEY}` };
        if (c === "inference") return { authorization: `Bearer ${TEST_INFERENCE_KEY}` };
        return people[c].headers;
      };
      const failures: string[] = [];
      let calls = 0;
      for (const [key, allowed] of Object.entries(MATRIX)) {
        const [method, path] = key.split(" ");
        // Real lane "1"; made-up ids elsewhere, so nothing real is changed by a call that gets through.
        const url = `/api${
          path.replace("{id}", path.startsWith("/lanes") ? "1" : crypto.randomUUID()).replace(
            "{ballId}",
            crypto.randomUUID(),
          ).replace("{bowlerId}", crypto.randomUUID())
        }`;
        for (const caller of CALLERS) {
          const init: RequestInit = { method, headers: { ...headersFor(caller) } };
          if (method !== "GET" && method !== "DELETE") {
            init.body = "{}";
            (init.headers as Record<string, string>)["content-type"] = "application/json";
          }
          const ac = new AbortController();
          init.signal = ac.signal;
          const r = await t.app.request(url, init);
          await r.body?.cancel();
          ac.abort();
          calls++;
          const through = r.status !== 401 && r.status !== 403;
          const want = allowed.includes(caller);
          if (want && !through) failures.push(`${key} as ${caller}: refused with ${r.status}`);
          if (!want) {
            const expected = caller === "anonymous" || caller === "camera" || caller === "inference"
              ? [401, 403]
              : [403];
            if (!expected.includes(r.status)) {
              failures.push(
                `${key} as ${caller}: expected ${expected.join(" or ")}, got ${r.status}`,
              );
            }
          }
        }
      }
      assert.deepEqual(failures, [], `\n${failures.join("\n")}`);
      assert.equal(calls, Object.keys(MATRIX).length * CALLERS.length);
    } finally {
      await t.close();
    }
  });
}

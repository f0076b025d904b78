import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import { moneyErrorText } from "./money_errors.ts";

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  new ApiError({ status, code, detail: `server text for ${code}`, extra });

Deno.test("moneyErrorText() names each money refusal in plain words, never the server's text", () => {
  const cases: [ApiError, RegExp][] = [
    [problem(422, "deposit-limit"), /over your deposit limit/],
    [problem(403, "self-excluded"), /paused by a time-out or self-exclusion/],
    [problem(422, "insufficient-funds"), /don't have that much available/],
    [problem(409, "provider_unavailable"), /payment method isn't available/],
  ];
  for (const [error, text] of cases) {
    const said = moneyErrorText(error);
    assert.match(said, text, error.code);
    assert.ok(!said.includes("server text"), error.code);
  }
});

Deno.test("moneyErrorText() names the deposit limit and the room left when the server tells", () => {
  assert.equal(
    moneyErrorText(problem(422, "deposit-limit", { limit: "deposit-weekly", room: 1500 })),
    "This deposit would go over your weekly deposit limit. You can still deposit $15.00.",
  );
  assert.equal(
    moneyErrorText(problem(422, "deposit-limit", { limit: "deposit-daily", room: 0 })),
    "This deposit would go over your daily deposit limit. Try again when the limit resets.",
  );
});

Deno.test("moneyErrorText() says when a time-out or self-exclusion ends", () => {
  const said = moneyErrorText(problem(403, "self-excluded", { until: "2027-01-01T00:00:00Z" }));
  assert.match(said, /paused by a time-out or self-exclusion.*It ends /);
});

Deno.test("moneyErrorText() falls back by status and hides unknown codes' text", () => {
  assert.match(moneyErrorText(problem(429, "too_many_deposits")), /Too many tries/);
  assert.match(moneyErrorText(problem(400, "invalid_request")), /isn't accepted/);
  assert.match(moneyErrorText(problem(500, "boom")), /on our side/);
  assert.match(moneyErrorText(new TypeError("fetch failed")), /Cannot reach the server/);
  assert.ok(!moneyErrorText(problem(409, "weird_code")).includes("server text"));
});

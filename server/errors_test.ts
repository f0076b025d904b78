import assert from "node:assert/strict";
import { DomainError } from "../core/problem.ts";
import { domainProblem } from "./errors.ts";

Deno.test("a domain error's extra cannot override the problem's status, type, title or code", async () => {
  const err = new DomainError("market_state", 'Cannot settle market "m1"', {
    status: "reviewed",
    type: "x",
    title: "y",
    code: "z",
    marketId: "m1",
  });
  const res = domainProblem(err, "/v1/markets/m1");
  assert.equal(res.status, 409);
  const body = await res.json();
  assert.equal(body.status, 409);
  assert.equal(body.code, "market_state");
  assert.equal(body.type, "urn:lanecast:problem:market_state");
  assert.equal(body.title, "Conflict");
  assert.equal(body.marketId, "m1");
  assert.equal(body.instance, "/v1/markets/m1");
});

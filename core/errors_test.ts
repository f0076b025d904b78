import assert from "node:assert/strict";
import { DomainError, statusForCode } from "./errors.ts";
import { errorStatus, HttpError } from "./problem.ts";

Deno.test("statusForCode() maps listed codes and falls back by suffix", () => {
  assert.equal(statusForCode("session_open"), 409);
  assert.equal(statusForCode("too_many_attempts"), 429);
  assert.equal(statusForCode("unknown_market"), 404);
  assert.equal(statusForCode("camera_key_wrong"), 403);
  assert.equal(statusForCode("too_many_viewers"), 429);
  assert.equal(statusForCode("something_new"), 400);
});

Deno.test("errorStatus() takes an HttpError's own status, else the code's", () => {
  assert.equal(errorStatus(new DomainError("lane_disabled", "Lane \"1\" is disabled")), 409);
  assert.equal(errorStatus(new HttpError(401, "unknown_user", "Gone")), 401);
  assert.equal(new DomainError("x", "y", { retryAfter: 3 }).retryAfter, 3);
});

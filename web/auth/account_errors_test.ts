import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import { accountProblem, checkEmail, checkName, checkPassword } from "./account_errors.ts";

Deno.test("each field is checked in plain words before sending", () => {
  assert.equal(checkName("  "), "Enter your name (up to 80 characters)");
  assert.equal(checkName("Ann"), undefined);
  assert.equal(checkEmail("ann"), "Enter an email address like name@example.com");
  assert.equal(checkEmail(" ann@example.com "), undefined);
  assert.equal(checkPassword("short"), "Use 10 to 200 characters");
  assert.equal(checkPassword("long enough now"), undefined);
});

Deno.test("accountProblem() turns codes into words and never shows the server's text", () => {
  const problem = (code: string, extra: Record<string, unknown> = {}, errors = []) =>
    accountProblem(
      new ApiError({ status: 400, code, detail: "RAW SERVER TEXT", extra, errors }),
    );
  assert.deepEqual(problem("too_many_attempts", { retryAfter: 600 }), {
    fields: {},
    form: "Too many tries. Wait 10 minutes and try again.",
  });
  assert.deepEqual(problem("wrong_password").fields, {
    currentPassword: "That is not your current password",
  });
  assert.match(problem("signup_link_invalid").form!, /already used or has expired/);
  const invalid = accountProblem(
    new ApiError({
      status: 400,
      code: "invalid_request",
      detail: "RAW",
      errors: [{ path: "/email", message: "Invalid email" }, {
        path: "newPassword",
        message: "x",
      }],
    }),
  );
  assert.deepEqual(invalid.fields, {
    email: "Enter an email address like name@example.com",
    newPassword: "Use 10 to 200 characters",
  });
  for (const code of ["too_many_attempts", "invalid_credentials", "whatever", "invalid_request"]) {
    assert.ok(!JSON.stringify(problem(code)).includes("RAW"), code);
  }
  assert.match(accountProblem(new TypeError("fetch failed")).form!, /Cannot reach Lanecast/);
});

import assert from "node:assert/strict";
import { DomainError } from "./errors.ts";
import { ageOn, assertBelievableBirthDate } from "./betting_age.ts";

Deno.test("ageOn counts a birthday only once its day has come (UTC)", () => {
  assert.equal(ageOn("2008-12-07", new Date("2026-12-07T00:00:00Z")), 18);
  assert.equal(ageOn("2008-12-08", new Date("2026-12-07T23:59:59Z")), 17);
  assert.equal(ageOn("2008-11-30", new Date("2026-12-07T00:00:00Z")), 18);
  assert.equal(ageOn("2008-01-31", new Date("2026-01-30T00:00:00Z")), 17);
});

Deno.test("ageOn: someone born on 29 February comes of age on 1 March in a common year", () => {
  assert.equal(ageOn("2000-02-29", new Date("2018-02-28T12:00:00Z")), 17);
  assert.equal(ageOn("2000-02-29", new Date("2018-03-01T00:00:00Z")), 18);
});

Deno.test("assertBelievableBirthDate refuses the future and dates before 1900", () => {
  const today = new Date("2026-12-07T10:00:00Z");
  assertBelievableBirthDate("2026-12-07", today);
  assertBelievableBirthDate("1900-01-01", today);
  for (const bad of ["2026-12-08", "3000-01-01", "1899-12-31", "0001-01-01"]) {
    assert.throws(
      () => assertBelievableBirthDate(bad, today),
      (e) => e instanceof DomainError && e.code === "invalid_date_of_birth",
    );
  }
});

import assert from "node:assert/strict";
import { generateLaneKeys } from "../../core/lane_token.ts";
import { DomainError } from "../../core/problem.ts";
import { createCheckInCodes } from "./check_in_code.ts";

const TARGET = { laneId: "3", sessionId: "5a0c6f6e-1b5e-4d5a-9f57-0d3c2a8b9e11", generation: 1 };

async function setup(ttlSeconds = 600) {
  const keys = await generateLaneKeys();
  let clock = Date.UTC(2026, 11, 6, 21, 0, 0);
  const codes = createCheckInCodes({ keys, ttlSeconds, now: () => clock });
  return { keys, codes, advance: (ms: number) => clock += ms };
}

async function refusedWith(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (err) => err instanceof DomainError && err.code === code);
}

Deno.test("verify() accepts a code minted for the same lane, session and generation", async () => {
  const { codes } = await setup();
  const { code, expiresAt } = await codes.mint(TARGET);
  assert.match(code, /^[0-9a-z]+\.1\.[A-Za-z0-9_-]{86}$/);
  assert.equal(expiresAt.getTime(), Date.UTC(2026, 11, 6, 21, 10, 0));
  await codes.verify(code, TARGET);
});

Deno.test("verify() refuses a missing code as check_in_code_required", async () => {
  const { codes } = await setup();
  await refusedWith(codes.verify(undefined, TARGET), "check_in_code_required");
  await refusedWith(codes.verify("", TARGET), "check_in_code_required");
});

Deno.test("verify() refuses a code of another lane or another session", async () => {
  const { codes } = await setup();
  const { code } = await codes.mint(TARGET);
  await refusedWith(codes.verify(code, { ...TARGET, laneId: "4" }), "check_in_code_invalid");
  await refusedWith(
    codes.verify(code, { ...TARGET, sessionId: crypto.randomUUID() }),
    "check_in_code_invalid",
  );
});

Deno.test("verify() refuses a code of an earlier generation once staff rotate it", async () => {
  const { codes } = await setup();
  const { code } = await codes.mint(TARGET);
  await refusedWith(codes.verify(code, { ...TARGET, generation: 2 }), "check_in_code_invalid");
});

Deno.test("verify() refuses a code after its expiry, and a later expiry written in", async () => {
  const { codes, advance } = await setup(60);
  const { code } = await codes.mint(TARGET);
  advance(60_000);
  await refusedWith(codes.verify(code, TARGET), "check_in_code_expired");
  const [, gen, sig] = code.split(".");
  const later = (Math.floor(Date.now() / 1000) + 3600).toString(36);
  await refusedWith(codes.verify(`${later}.${gen}.${sig}`, TARGET), "check_in_code_invalid");
});

Deno.test("verify() refuses garbage and a code signed by another key", async () => {
  const { codes } = await setup();
  for (const bad of ["x", "a.b.c", "z".repeat(500), "1.1." + "A".repeat(86)]) {
    await refusedWith(codes.verify(bad, TARGET), "check_in_code_invalid");
  }
  const other = await setup();
  const { code } = await other.codes.mint(TARGET);
  await refusedWith(codes.verify(code, TARGET), "check_in_code_invalid");
});

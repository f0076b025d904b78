import assert from "node:assert/strict";
import * as jose from "jose";
import { generateLaneKeys } from "../../core/lane_token.ts";
import { keysFromJwk } from "../keys.ts";
import { AccessTokenError, signAccessToken, verifyAccessToken } from "./tokens.ts";

const newKeys = async () =>
  await keysFromJwk(await jose.exportJWK((await generateLaneKeys()).privateKey));
const claims = { sub: crypto.randomUUID(), email: "a@lanecast.test", role: "bettor" as const };

Deno.test("a verified access token is remembered only until it expires, and only for its own keys", async () => {
  const keys = await newKeys();
  const token = await signAccessToken(keys, claims, 1);
  assert.deepEqual(await verifyAccessToken(keys, token), claims);
  assert.deepEqual(await verifyAccessToken(keys, token), claims, "again, from what was verified");
  await assert.rejects(
    verifyAccessToken(await newKeys(), token),
    (e) => e instanceof AccessTokenError && e.code === "invalid_token",
    "other keys never see the remembered token",
  );
  await new Promise((r) => setTimeout(r, 2_100)); // past its exp (whole seconds)
  await assert.rejects(
    verifyAccessToken(keys, token),
    (e) => e instanceof AccessTokenError && e.code === "expired_token",
  );
  await assert.rejects(
    verifyAccessToken(keys, token),
    (e) => e instanceof AccessTokenError && e.code === "expired_token",
  );
});

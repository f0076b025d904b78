import assert from "node:assert/strict";
import { generateLaneKeys, LaneTokenError, signLaneToken, verifyLaneToken } from "./lane_token.ts";

Deno.test("a lane token naming another SFU host is refused by a host with an id; without the claim or an id it passes", async () => {
  const keys = await generateLaneKeys();
  const forA = await signLaneToken(keys.privateKey, {
    lane: "1",
    right: "lane:view",
    sub: "v",
    host: "sfu-a",
  });
  const plain = await signLaneToken(keys.privateKey, { lane: "1", right: "lane:view", sub: "v" });
  const want = { lane: "1", right: "lane:view" } as const;

  assert.equal(
    (await verifyLaneToken(keys.publicKey, forA, { ...want, host: "sfu-a" })).host,
    "sfu-a",
  );
  await assert.rejects(
    verifyLaneToken(keys.publicKey, forA, { ...want, host: "sfu-b" }),
    (err) => err instanceof LaneTokenError && err.code === "wrong_host",
  );
  // The single-host default: tokens carry no host, and a host without an id checks none.
  assert.equal(
    (await verifyLaneToken(keys.publicKey, plain, { ...want, host: "sfu-b" })).host,
    undefined,
  );
  assert.equal((await verifyLaneToken(keys.publicKey, forA, want)).host, "sfu-a");
});

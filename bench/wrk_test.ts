import assert from "node:assert/strict";
import { wrkScript } from "./wrk.ts";

const market = { id: "0b9e8f6c-1d2e-4f3a-9b8c-7d6e5f4a3b2c", version: 3, outcomes: ["yes", "no"] };
const bettor = { id: "u1", token: "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl" };

Deno.test("the wrk script inlines the bettors and markets and keys each bet apart", () => {
  const lua = wrkScript({ bettors: [bettor], markets: [market], stake: 10, tag: "pg-load-1" });
  assert(lua.includes(`"${bettor.token}"`));
  assert.match(lua, /version = 3, outcomes = \{ "yes", "no" \}/);
  assert.match(lua, /"idempotencyKey":"%s-%s-%d"/);
  assert.match(lua, /WRK_RESULT/);
});

Deno.test("the wrk script refuses text that would break out of a Lua string", () => {
  const bad = [
    { bettors: [{ id: "u", token: 'x"; os.exit() --' }], markets: [market] },
    { bettors: [bettor], markets: [{ ...market, id: "x\\n" }] },
    { bettors: [bettor], markets: [{ ...market, outcomes: ['yes"'] }] },
  ];
  for (const b of bad) assert.throws(() => wrkScript({ ...b, stake: 10, tag: "t" }));
  assert.throws(() => wrkScript({ bettors: [bettor], markets: [market], stake: 10, tag: "a b" }));
});

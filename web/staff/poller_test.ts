import assert from "node:assert/strict";
import { Poller } from "./poller.ts";

const visible = { hidden: false, addEventListener() {}, removeEventListener() {} };

Deno.test("a retained poller runs while anyone holds it and stops when the last lets go", () => {
  let refreshes = 0;
  const poller = new Poller({
    intervalMs: 60_000,
    refresh: () => Promise.resolve(void refreshes++),
    document: visible,
  });
  const first = poller.retain();
  const second = poller.retain();
  assert.equal(refreshes, 1, "one start for both holders");
  first();
  first();
  const third = poller.retain();
  assert.equal(refreshes, 1, "still running for the second holder: no new start");
  second();
  third();
  const again = poller.retain();
  assert.equal(refreshes, 2, "stopped once all let go, so holding again starts it again");
  again();
});

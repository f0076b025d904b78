import assert from "node:assert/strict";
import { startTestSfu } from "./testing.ts";

Deno.test("a closed lane room leaves no listener on its worker", async () => {
  const t = await startTestSfu();
  try {
    const worker = t.sfu.pool.workers[0].worker;
    const before = worker.observer.listenerCount("close");
    for (let round = 0; round < 3; round++) {
      const rooms = await Promise.all(["5", "6", "7"].map((lane) => t.sfu.rooms.getOrCreate(lane)));
      assert.equal(worker.observer.listenerCount("close"), before + 3, "one per open room");
      for (const room of rooms) room.close("test");
    }
    assert.equal(worker.observer.listenerCount("close"), before);
  } finally {
    await t.close();
  }
});

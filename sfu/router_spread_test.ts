import assert from "node:assert/strict";
import { waitFor } from "../tools/system.ts";
import { publishPattern, startTestSfu, watchLane } from "./testing.ts";

Deno.test({
  name: "a lane's viewers past one worker's share are served from another worker's piped router",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const t = await startTestSfu({ SFU_WORKERS: "2", SFU_VIEWERS_PER_WORKER: "1" });
    let camera = publishPattern(t, "1");
    const viewers = [watchLane(t, "1"), watchLane(t, "1"), watchLane(t, "1")];
    try {
      await waitFor(() => viewers.every((v) => v.frames >= 10), 60_000, "every viewer's frames");
      const room = t.sfu.rooms.get("1")!;
      assert.equal(room.spread?.extraRouters.length, 1, "a second router, on the other worker");
      const extra = await room.spread!.extraRouters[0].dump();
      assert.ok(extra.transportIds.length >= 1, "viewers' transports on it");
      const consumers = Object.values(extra.mapProducerIdConsumerIds ?? {}).flat();
      assert.ok(consumers.length >= 1, `consuming the piped camera: ${JSON.stringify(extra)}`);

      // The camera comes back with a new producer: it is piped over again, every viewer sees it.
      await camera.stop();
      camera = publishPattern(t, "1");
      const before = viewers.map((v) => v.frames);
      await waitFor(
        () => viewers.every((v, i) => v.frames >= before[i] + 10),
        60_000,
        "every viewer's frames from the new producer",
      );
    } finally {
      await Promise.all(viewers.map((v) => v.close()));
      await camera.stop();
      await t.close();
    }
  },
});

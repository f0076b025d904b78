import assert from "node:assert/strict";
import { waitFor } from "../../tools/system.ts";
import { startTestSfu } from "../testing.ts";
import { publishStamped, untilBuffered } from "./testing.ts";

Deno.test("a lane's replay buffer is freed when its room closes", async () => {
  const t = await startTestSfu();
  const cam = publishStamped(t, "3");
  try {
    await untilBuffered(t, "3");
    const buffer = await t.sfu.replays.get("3");
    assert.ok(buffer.ring.window().bytes > 0);
    await cam.stop();
    t.sfu.rooms.get("3")!.close("test");
    assert.equal(buffer.closed, true);
    assert.equal(buffer.transport.closed, true);
    assert.deepEqual(buffer.ring.window(), { fromMs: null, toMs: null, bytes: 0, packets: 0 });
    const res = await fetch(`${t.url}/lanes/3/buffer`);
    assert.equal(res.status, 404);
    assert.equal((await res.json()).code, "unknown_lane");
  } finally {
    await cam.stop();
    await t.close();
  }
});

Deno.test("the replay buffer follows a camera that replaces the lane's publisher", async () => {
  const t = await startTestSfu();
  const first = publishStamped(t, "4");
  let second: ReturnType<typeof publishStamped> | undefined;
  try {
    await untilBuffered(t, "4");
    const buffer = await t.sfu.replays.get("4");
    const onAir = () => t.sfu.rooms.get("4")?.producers.find((p) => p.kind === "video")?.id;
    const before = onAir();
    second = publishStamped(t, "4");
    await waitFor(
      () => onAir() !== undefined && onAir() !== before,
      20_000,
      "the new camera on the air",
    );
    await first.stop();
    const switchedAt = Date.now();
    await waitFor(
      () => (buffer.ring.newest?.captureMs ?? 0) > switchedAt + 1000,
      10_000,
      "the new camera's video in the buffer",
    );
    assert.equal(buffer.closed, false, "the same buffer carries on");
    assert.equal(await t.sfu.replays.get("4"), buffer);
  } finally {
    await first.stop();
    await second?.stop();
    await t.close();
  }
});

Deno.test("a lane whose worker dies gets a fresh replay buffer on its new worker", async () => {
  const t = await startTestSfu({ SFU_WORKERS: "2" });
  const cam = publishStamped(t, "5");
  try {
    await untilBuffered(t, "5");
    const old = await t.sfu.replays.get("5");
    const victim = t.sfu.rooms.get("5")!.worker.pid;
    Deno.kill(victim, "SIGKILL");
    await waitFor(() => old.closed, 10_000, "the old buffer to close");
    assert.equal(old.ring.window().packets, 0, "its packets are freed");
    await waitFor(
      async () => {
        const now = await t.sfu.replays.get("5").catch(() => null);
        return now !== null && now !== old && (now.ring.window().packets ?? 0) > 30;
      },
      20_000,
      "video in the lane's new buffer",
    );
    const fresh = await t.sfu.replays.get("5");
    assert.notEqual(fresh.room.worker.pid, victim);
  } finally {
    await cam.stop();
    await t.close();
  }
});

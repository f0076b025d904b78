import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp, TEST_INFERENCE_KEY } from "../../server/testing.ts";
import { CAPACITY_DEFAULTS, CapacityController } from "../capacity_controller.ts";
import { LeaseKeeper } from "./lease_keeper.ts";
import { ServerClient } from "./server_client.ts";

const LANES = ["1", "2", "3"];

/** Waits (up to a generous limit) until `ok()` holds. */
async function until(what: string, ok: () => boolean, limitMs = 30_000) {
  const deadline = Date.now() + limitMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`Still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`two sidecars share the lanes by leases on ${kind}`, async (t) => {
    const ctx = await createTestApp(kind, { INFERENCE_LEASE_TTL_MS: "900" });
    const http = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, ctx.app.fetch);
    const server = new ServerClient(`http://127.0.0.1:${http.addr.port}`, TEST_INFERENCE_KEY);
    const keeper = (sidecarId: string, capacity = 8) =>
      new LeaseKeeper({
        server,
        sidecarId,
        capacity,
        wanted: () => ({ lanes: LANES, live: LANES }),
        status: () => ({ provider: "cpu" }),
        onChange: () => {},
        firstRenewMs: 100,
      });
    const keepers: LeaseKeeper[] = [];
    try {
      await t.step("the lanes are split between two sidecars, each lane to one", async () => {
        keepers.push(keeper("a"), keeper("b"));
        const [a, b] = keepers;
        await until("a split", () => a.held.size >= 1 && b.held.size >= 1);
        await until("every lane held", () => a.held.size + b.held.size === 3);
        assert.deepEqual([...a.held, ...b.held].sort(), LANES);
        const staff = await ctx.as("staff");
        const res = await ctx.app.request("/api/staff/inference", { headers: staff.headers });
        const view = await res.json();
        assert.deepEqual(view.sidecars.map((s: { id: string }) => s.id), ["a", "b"]);
        assert.deepEqual(view.sidecars[0].status, { provider: "cpu" });
        assert.equal((await ctx.app.request("/api/staff/inference")).status, 401);
      });

      await t.step("a sidecar that dies hands its lanes to the other", async () => {
        const [a, b] = keepers;
        const hadA = [...a.held];
        await a.abandon();
        await until("b holds every lane", () => b.held.size === 3);
        assert.deepEqual([...b.held].sort(), LANES);
        assert.ok(hadA.every((id) => b.held.has(id)));
      });

      await t.step("a sidecar that stops cleanly lets its lanes go at once", async () => {
        const [, b] = keepers;
        const c = keeper("c");
        keepers.push(c);
        await b.stop();
        await until("c holds every lane", () => c.held.size === 3);
        assert.deepEqual([...c.held].sort(), LANES);
      });

      await t.step("a sidecar at its capacity leaves the rest to another", async () => {
        const [, , c] = keepers;
        await c.stop();
        const small = keeper("small", 1);
        const big = keeper("big", 8);
        keepers.push(small, big);
        await until(
          "one lane for the small, two for the big",
          () => small.held.size === 1 && big.held.size === 2,
        );
        assert.deepEqual([...small.held, ...big.held].sort(), LANES);
      });

      await t.step(
        "a sidecar whose controller lowers its capacity hands its last lane to the other",
        async () => {
          for (const k of keepers) await k.stop();
          // Sidecar a takes lane 2, then lane 1 (its most recently taken), then b comes.
          let wanted = ["2"];
          const ctl = new CapacityController({ limit: 2 });
          const a = new LeaseKeeper({
            server,
            sidecarId: "a",
            capacity: ctl.capacity,
            wanted: () => ({ lanes: wanted, live: wanted }),
            status: () => ({ capacity: ctl.capacity, capacityReason: ctl.reason }),
            onChange: () => {},
            firstRenewMs: 100,
          });
          keepers.push(a);
          await until("a holds lane 2", () => a.held.size === 1);
          wanted = LANES;
          a.poke();
          await until("a holds lanes 1 and 2", () => a.held.size === 2);
          const b = keeper("b2", 8);
          keepers.push(b);
          await until("b holds lane 3", () => b.held.size === 1);
          assert.deepEqual([[...a.held].sort(), [...b.held]], [["1", "2"], ["3"]]);

          // Its lanes in a shot lose a third of their frames for a whole window.
          const counters = (n: number) =>
            [...a.held].map((laneId) => ({
              laneId,
              received: 30 * n,
              dropped: 10 * n,
              busy: true,
            }));
          let change = null;
          for (let s = 0; s <= CAPACITY_DEFAULTS.windowMs / 1000 && !change; s++) {
            change = ctl.observe(counters(s), s * 1000);
          }
          assert.equal(change, "lowered");
          a.setCapacity(ctl.capacity);
          await until("b takes the lane a let go", () => a.held.size === 1 && b.held.size === 2);
          assert.deepEqual([[...a.held], [...b.held].sort()], [["2"], ["1", "3"]]);
          const staff = await ctx.as("staff");
          const res = await ctx.app.request("/api/staff/inference", { headers: staff.headers });
          const view = await res.json();
          const seen = view.sidecars.find((s: { id: string }) => s.id === "a");
          assert.equal(seen.capacity, 1);
          assert.match(
            seen.status.capacityReason,
            /^lowered: 33\.3 % of the frames in shots dropped/,
          );
        },
      );
    } finally {
      for (const k of keepers) await k.abandon();
      await http.shutdown();
      await ctx.close();
    }
  });
}

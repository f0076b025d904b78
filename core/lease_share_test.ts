import assert from "node:assert/strict";
import { planLeases } from "./lease_share.ts";

Deno.test("a lone sidecar takes every lane up to its capacity", () => {
  assert.deepEqual(planLeases(6, { capacity: 8, held: 0 }, []), { release: 0, holdUpTo: 8 });
  assert.deepEqual(planLeases(6, { capacity: 4, held: 4 }, []), { release: 0, holdUpTo: 4 });
});

Deno.test("a sidecar holding every lane lets the excess go to a newcomer", () => {
  const plan = planLeases(6, { capacity: 8, held: 6 }, [{ capacity: 8, held: 0 }]);
  assert.deepEqual(plan, { release: 3, holdUpTo: 3 });
});

Deno.test("the newcomer takes its share, and no more while the other is not full", () => {
  assert.deepEqual(planLeases(6, { capacity: 8, held: 0 }, [{ capacity: 8, held: 3 }]), {
    release: 0,
    holdUpTo: 8,
  });
  // Both at their share: nobody is hungry, free lanes (none here) go to whoever asks.
  assert.deepEqual(planLeases(6, { capacity: 8, held: 3 }, [{ capacity: 8, held: 3 }]), {
    release: 0,
    holdUpTo: 8,
  });
});

Deno.test("a sidecar keeps lanes a full neighbour cannot take", () => {
  // The other is at its capacity (2) below the share (3): not hungry, nothing is let go.
  assert.deepEqual(planLeases(6, { capacity: 8, held: 4 }, [{ capacity: 2, held: 2 }]), {
    release: 0,
    holdUpTo: 8,
  });
});

Deno.test("while another is below its share, a sidecar does not take beyond its own", () => {
  assert.deepEqual(planLeases(6, { capacity: 8, held: 1 }, [{ capacity: 8, held: 1 }]), {
    release: 0,
    holdUpTo: 3,
  });
});

Deno.test("a sidecar with no capacity holds nothing and lets everything go", () => {
  assert.deepEqual(planLeases(2, { capacity: 0, held: 0 }, []), { release: 0, holdUpTo: 0 });
  assert.deepEqual(planLeases(2, { capacity: 1, held: 2 }, []), { release: 1, holdUpTo: 1 });
});

import assert from "node:assert/strict";
import { type InferenceOverview, sidecarLines } from "./ai_sidecars_model.ts";

const overview: InferenceOverview = {
  sidecars: [
    {
      id: "old",
      capacity: 4,
      live: false,
      seenAt: "2026-12-07T14:10:05.000Z",
      lanes: [],
      status: {},
    },
    {
      id: "gpu-1",
      capacity: 16,
      live: true,
      seenAt: "2026-12-07T15:00:00.000Z",
      lanes: ["1", "2"],
      status: {
        provider: "cuda",
        behind: true,
        lanes: {
          "1": { received: 1000, analysed: 900, dropped: 50, thinned: 50 },
          "2": { received: 1000, analysed: 1000, dropped: 0, thinned: 0 },
        },
      },
    },
  ],
  unwatched: ["5", "6"],
};

Deno.test("each live sidecar reads as one line: provider, lanes held, frames, drops", () => {
  const { lines, unwatched } = sidecarLines(overview);
  assert.deepEqual(lines.map((l) => [l.id, l.live]), [["gpu-1", true], ["old", false]]);
  assert.equal(
    lines[0].text,
    "cuda · lanes 1, 2 (up to 16 on the air) · 1,900 frames analysed · 3 % dropped · 3 % thinned (behind)",
  );
  assert.equal(lines[1].text, "gone (last seen 14:10:05 UTC)");
  assert.equal(unwatched, "5, 6");
});

Deno.test("a sidecar with no lanes and no frames yet reads plainly", () => {
  const { lines } = sidecarLines({
    sidecars: [{ id: "a", capacity: 4, live: true, seenAt: "", lanes: [], status: {} }],
    unwatched: [],
  });
  assert.equal(
    lines[0].text,
    "cpu · no lanes (up to 4 on the air) · 0 frames analysed · 0 % dropped · 0 % thinned",
  );
});

Deno.test("a sidecar that lowered its capacity tells its limit and why", () => {
  const status = {
    capacityLimit: 3,
    capacityReason: "lowered: 22.0 % of the frames in shots dropped",
  };
  const { lines } = sidecarLines({
    sidecars: [{ id: "a", capacity: 2, live: true, seenAt: "", lanes: ["1", "2"], status }],
    unwatched: [],
  });
  assert.equal(
    lines[0].text,
    "cpu · lanes 1, 2 (up to 2 on the air; limit 3, lowered: 22.0 % of the frames in shots dropped) · " +
      "0 frames analysed · 0 % dropped · 0 % thinned",
  );
});

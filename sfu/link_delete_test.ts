import assert from "node:assert/strict";
import { waitFor } from "../tools/system.ts";
import { publishPattern, startTestSfu } from "./testing.ts";

Deno.test("DELETE of a WHIP/WHEP resource needs a token for its own lane and kind", async () => {
  const t = await startTestSfu();
  const camera = publishPattern(t, "1");
  try {
    await waitFor(() => !!t.sfu.rooms.get("1")?.live, 15_000, "the camera to go live");
    const whip = [...t.sfu.rooms.get("1")!.links.values()].find((l) => l.kind === "whip")!;
    const del = async (path: string, lane: string, right: "lane:view" | "lane:publish") => {
      const res = await fetch(`${t.url}${path}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${await t.token(lane, right)}` },
      });
      const code = res.ok ? undefined : (await res.json()).code;
      return [res.status, code];
    };

    const refused: [
      path: string,
      lane: string,
      right: "lane:view" | "lane:publish",
      [number, string],
    ][] = [
      // A viewer token cannot end the camera, neither at the WHEP address nor at its own.
      [`/whep/1/${whip.id}`, "1", "lane:view", [404, "unknown_media_link"]],
      [`/whip/1/${whip.id}`, "1", "lane:view", [403, "token_wrong_right"]],
      // Nor can another lane's camera or viewer, or a DELETE at another kind's address.
      [`/whip/2/${whip.id}`, "2", "lane:publish", [404, "unknown_media_link"]],
      [`/whep/2/${whip.id}`, "2", "lane:view", [404, "unknown_media_link"]],
      [`/ingest/1/rtp/${whip.id}`, "1", "lane:publish", [404, "unknown_media_link"]],
    ];
    for (const [path, lane, right, expected] of refused) {
      assert.deepEqual(await del(path, lane, right), expected, `${path} with ${right} for ${lane}`);
    }
    assert.equal(whip.closed, false, "the camera is still publishing");
    assert.equal(t.sfu.rooms.get("1")?.live, true);

    // The camera's own kind and lane ends it.
    assert.deepEqual(await del(`/whip/1/${whip.id}`, "1", "lane:publish"), [200, undefined]);
    assert.equal(whip.closed, true);
  } finally {
    await camera.stop();
    await t.close();
  }
});

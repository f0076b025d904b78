import assert from "node:assert/strict";
import { untilLinkEnds } from "../media/link_events.ts";
import { negotiate } from "../media/whip_client.ts";
import { RTCPeerConnection } from "../media/wrtc.ts";
import { startTestSfu } from "./testing.ts";

Deno.test("a WHIP link's event stream needs the lane token, and says 'closed' when the link is deleted", async () => {
  const t = await startTestSfu();
  const pc = new RTCPeerConnection();
  pc.addTransceiver("video", { direction: "sendonly" });
  try {
    const token = await t.token("1", "lane:publish");
    const link = await negotiate(pc, `${t.url}/whip/1`, token);
    assert.ok(link.events?.startsWith(`${link.location}/events`));

    const anonymous = await fetch(link.events!);
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
    const viewer = await fetch(link.events!, {
      headers: { authorization: `Bearer ${await t.token("1", "lane:view")}` },
    });
    assert.equal(viewer.status, 403, "a view token cannot follow a publisher's link");
    await viewer.body?.cancel();
    const otherLane = await fetch(link.events!.replace("/whip/1/", "/whip/2/"), {
      headers: { authorization: `Bearer ${await t.token("2", "lane:publish")}` },
    });
    assert.equal(otherLane.status, 404);
    await otherLane.body?.cancel();

    const events = untilLinkEnds(link.events!, token);
    assert.equal(await events.opened, true);
    await link.close();
    assert.equal(await events.done, "closed");
    assert.equal(await untilLinkEnds(link.events!, token).done, "gone", "an ended link is gone");
  } finally {
    pc.close();
    await t.close();
  }
});

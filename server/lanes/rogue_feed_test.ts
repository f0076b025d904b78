/**
 * The whole path of a revoked camera, server and SFU running: rotating a
 * lane's camera key drops the publisher that is live with the old key at
 * once, the publish token it was given is refused, and the old key gets no
 * new one.
 */
import assert from "node:assert/strict";
import { testPattern } from "../../media/test_pattern.ts";
import { WhipPublisher } from "../../media/whip_publisher.ts";
import { RTCPeerConnection } from "../../media/wrtc.ts";
import { startSystem, waitFor } from "../../tools/system.ts";

const ADMIN = { email: "admin@alley.test", password: "admin password 0123" };

Deno.test("rotating a camera key drops the lane's live publisher and refuses its publish token", async () => {
  const system = await startSystem({
    lanes: 2,
    simLanes: 0,
    processes: ["server", "sfu"],
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
  });
  const api = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ) =>
    await fetch(`${system.url}${path}`, {
      method,
      headers: { ...headers, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const { accessToken } = await (await api("POST", "/api/auth/login", {}, ADMIN)).json();
  const staff = { authorization: `Bearer ${accessToken}` };
  const rotate = async () =>
    (await (await api("POST", "/api/lanes/2/camera-key", staff)).json()).cameraKey as string;
  const live = async () =>
    (await (await fetch(`${system.url}/api/lanes`)).json())
      .some((l: { id: string; live: boolean }) => l.id === "2" && l.live);

  const oldKey = await rotate();
  const grant = async (key: string) =>
    await api("POST", "/api/lanes/2/publish", { authorization: `Bearer ${key}` });
  const oldToken = (await (await grant(oldKey)).json()).token as string;
  // A camera still configured with the old key: it asks for a token with it on every reconnect.
  const camera = new WhipPublisher({
    width: 320,
    height: 240,
    credentials: async () => {
      const res = await grant(oldKey);
      const body = await res.json();
      if (!res.ok) throw new Error(body.code);
      return { whipUrl: `${system.sfuUrl}/whip/2`, token: body.token };
    },
  });
  const next = testPattern(320, 240);
  let n = 0;
  const timer = setInterval(() => camera.pushFrame(next(n++)), 33);
  try {
    await waitFor(live, 20_000, "lane 2 to go live with the old key");
    await rotate();
    await waitFor(async () => !await live(), 5_000, "the old camera to be dropped");

    const pc = new RTCPeerConnection();
    pc.addTransceiver("video", { direction: "sendonly" });
    await pc.setLocalDescription(await pc.createOffer());
    const res = await fetch(`${system.sfuUrl}/whip/2`, {
      method: "POST",
      headers: { "content-type": "application/sdp", authorization: `Bearer ${oldToken}` },
      body: pc.localDescription!.sdp,
    });
    pc.close();
    assert.equal(res.status, 401);
    assert.equal((await res.json()).code, "token_revoked");
    const again = await grant(oldKey);
    assert.equal(again.status, 403);
    assert.equal((await again.json()).code, "camera_key_wrong");
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(await live(), false, "the old camera stays off the air");
  } finally {
    clearInterval(timer);
    await camera.close();
    await system.stop();
  }
});

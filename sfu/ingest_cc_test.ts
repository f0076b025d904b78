import assert from "node:assert/strict";
import { negotiate } from "../media/whip_client.ts";
import { RTCPeerConnection, RTCVideoSource } from "../media/wrtc.ts";
import { withoutDelayBasedFeedback } from "./sdp_rtp.ts";
import { startTestSfu } from "./testing.ts";

/** Publishes a track over WHIP and returns the SFU's answer. */
async function whipAnswer(env: Record<string, string>): Promise<string> {
  const t = await startTestSfu(env);
  const source = new RTCVideoSource();
  const track = source.createTrack();
  const pc = new RTCPeerConnection();
  try {
    pc.addTransceiver(track, { direction: "sendonly" });
    const link = await negotiate(pc, `${t.url}/whip/1`, await t.token("1", "lane:publish"));
    await link.close();
    return link.answer;
  } finally {
    pc.close();
    track.stop();
    await t.close();
  }
}

const vp8Payload = (sdp: string) => /a=rtpmap:(\d+) VP8\/90000/.exec(sdp)?.[1];

Deno.test("loss-based ingest (the default): the answer leaves out transport-wide feedback and REMB, and tells the publisher where to start", async () => {
  const answer = await whipAnswer({});
  const pt = vp8Payload(answer);
  assert.ok(pt, "VP8 accepted");
  assert.match(answer, new RegExp(`a=fmtp:${pt} .*x-google-start-bitrate=2500`));
  assert.doesNotMatch(answer, /transport-wide-cc|abs-send-time/);
  assert.doesNotMatch(answer, /a=rtcp-fb:\d+ (transport-cc|goog-remb)/);
  // Loss recovery stays: NACK and keyframe requests.
  assert.match(answer, new RegExp(`a=rtcp-fb:${pt} nack\\r?\\n`));
  assert.match(answer, new RegExp(`a=rtcp-fb:${pt} nack pli`));
  // The hint is for the publisher's codec only, not its retransmissions.
  const rtxPt = /a=fmtp:(\d+) apt=/.exec(answer)?.[1];
  if (rtxPt) assert.doesNotMatch(answer, new RegExp(`a=fmtp:${rtxPt} .*x-google`));
});

Deno.test("SFU_INGEST_CC=transport-cc keeps delay-based feedback for the publisher", async () => {
  const answer = await whipAnswer({ SFU_INGEST_CC: "transport-cc", SFU_INGEST_START_KBPS: "1200" });
  const pt = vp8Payload(answer);
  assert.match(answer, /transport-wide-cc/);
  assert.match(answer, new RegExp(`a=rtcp-fb:${pt} transport-cc`));
  assert.match(answer, new RegExp(`a=fmtp:${pt} .*x-google-start-bitrate=1200`));
});

Deno.test("a bad SFU_INGEST_CC is refused at startup with the allowed values", async () => {
  await assert.rejects(() => startTestSfu({ SFU_INGEST_CC: "bbr" }), /SFU_INGEST_CC/);
});

Deno.test("withoutDelayBasedFeedback keeps NACK and keyframe requests, drops congestion-control feedback", () => {
  const caps = withoutDelayBasedFeedback({
    codecs: [{
      kind: "video",
      mimeType: "video/VP8",
      clockRate: 90000,
      rtcpFeedback: [
        { type: "nack" },
        { type: "nack", parameter: "pli" },
        { type: "transport-cc" },
        { type: "goog-remb" },
      ],
    }],
    headerExtensions: [
      { kind: "video", uri: "urn:ietf:params:rtp-hdrext:sdes:mid", preferredId: 1 },
      {
        kind: "video",
        uri: "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
        preferredId: 5,
      },
      {
        kind: "video",
        uri: "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        preferredId: 4,
      },
    ],
  });
  assert.deepEqual(caps.codecs?.[0].rtcpFeedback, [{ type: "nack" }, {
    type: "nack",
    parameter: "pli",
  }]);
  assert.deepEqual(caps.headerExtensions?.map((e) => e.preferredId), [1]);
});

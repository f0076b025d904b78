/**
 * RTP ingest: a PlainTransport that an encoder (ffmpeg, GStreamer, a camera
 * gateway) sends plain RTP to. The transport learns the sender's address from
 * its first packet (comedia), so the sender only needs our ports. RTCP has
 * its own port: ffmpeg sends RTCP from a different source port than RTP, and
 * a muxed transport that learned the RTCP address first would drop the RTP.
 */
import type { LaneRoom } from "./lane_room.ts";
import type { MediaLink } from "./media_link.ts";

export type IngestCodec = "VP8" | "H264";

export interface RtpIngest {
  link: MediaLink;
  ip: string;
  port: number;
  rtcpPort: number;
  payloadType: number;
  ssrc: number;
  codec: IngestCodec;
}

const H264_PARAMS = {
  "packetization-mode": 1,
  "profile-level-id": "42e01f",
  "level-asymmetry-allowed": 1,
};

export async function startRtpIngest(
  room: LaneRoom,
  codec: IngestCodec,
  subject: string,
): Promise<RtpIngest> {
  const link = room.openLink("rtp", subject);
  try {
    const transport = await room.router.createPlainTransport({
      listenIp: { ip: "127.0.0.1" },
      rtcpMux: false,
      comedia: true,
    });
    link.addTransport(transport);
    const ssrc = 0x10000000 + Math.floor(Math.random() * 0x0fffffff);
    const payloadType = codec === "VP8" ? 96 : 102;
    const producer = await transport.produce({
      kind: "video",
      rtpParameters: {
        codecs: [{
          mimeType: `video/${codec}`,
          payloadType,
          clockRate: 90000,
          parameters: codec === "H264" ? H264_PARAMS : {},
          rtcpFeedback: [{ type: "nack" }, { type: "nack", parameter: "pli" }, {
            type: "ccm",
            parameter: "fir",
          }],
        }],
        encodings: [{ ssrc }],
        rtcp: { cname: `ingest-${room.laneId}` },
      },
    });
    room.addProducer(link, producer);
    const rtcpPort = transport.rtcpTuple?.localPort ?? transport.tuple.localPort;
    return {
      link,
      ip: transport.tuple.localIp,
      port: transport.tuple.localPort,
      rtcpPort,
      payloadType,
      ssrc,
      codec,
    };
  } catch (err) {
    link.close("setup failed");
    throw err;
  }
}

/** The ffmpeg output arguments that send video to `ingest` (VP8 encoded for low latency, or H.264 copied). */
export function ffmpegRtpOutputArgs(
  ingest: RtpIngest,
  { copy = false }: { copy?: boolean } = {},
): string[] {
  const encode = ingest.codec === "VP8"
    ? [
      "-c:v",
      "libvpx",
      "-deadline",
      "realtime",
      "-cpu-used",
      "8",
      "-b:v",
      "2M",
      "-g",
      "60",
      "-error-resilient",
      "1",
      "-auto-alt-ref",
      "0",
      "-lag-in-frames",
      "0",
    ]
    : copy
    ? ["-c:v", "copy"]
    : [
      "-c:v",
      "libx264",
      "-profile:v",
      "baseline",
      "-preset",
      "ultrafast",
      "-tune",
      "zerolatency",
      "-g",
      "60",
      "-bsf:v",
      "h264_mp4toannexb",
    ];
  return [
    "-an",
    ...encode,
    "-payload_type",
    String(ingest.payloadType),
    "-ssrc",
    String(ingest.ssrc),
    "-f",
    "rtp",
    `rtp://${ingest.ip}:${ingest.port}?rtcpport=${ingest.rtcpPort}&pkt_size=1200`,
  ];
}

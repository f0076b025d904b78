/** Test helpers: an in-process SFU on a free port with its own signing key. */
import {
  generateLaneKeys,
  type LaneClaims,
  type LaneRight,
  signLaneToken,
} from "../core/lane_token.ts";
import { testPattern } from "../media/test_pattern.ts";
import { WhepViewer } from "../media/whep_viewer.ts";
import { WhipPublisher } from "../media/whip_publisher.ts";
import type { RTCVideoFrame } from "../media/wrtc.ts";
import { loadSfuConfig } from "./config.ts";
import { createSfu, type Sfu } from "./sfu.ts";

export interface TestSfu {
  sfu: Sfu;
  url: string;
  /** A lane token signed as the server would; `epoch` for publish tokens of a later publish epoch. */
  token(lane: string, right: LaneRight, ttlSeconds?: number, epoch?: number): Promise<string>;
  /** A lane token with any claims (a `host` claim, say) signed as the server would. */
  sign(claims: LaneClaims): Promise<string>;
  close(): Promise<void>;
}

export async function startTestSfu(
  env: Record<string, string> = {},
  options: Omit<Parameters<typeof createSfu>[1], "verifyKey"> = {},
): Promise<TestSfu> {
  const keys = await generateLaneKeys();
  const config = loadSfuConfig({
    SFU_WORKERS: "1",
    RTC_LISTEN_IP: "127.0.0.1",
    LANE_IDLE_MS: "5000",
    ...env,
  });
  const sfu = await createSfu(config, { ...options, verifyKey: keys.publicKey });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, sfu.app.fetch);
  return {
    sfu,
    url: `http://127.0.0.1:${server.addr.port}`,
    token: (lane, right, ttlSeconds, epoch) =>
      signLaneToken(keys.privateKey, { lane, right, sub: "test", epoch }, { ttlSeconds }),
    sign: (claims) => signLaneToken(keys.privateKey, claims),
    async close() {
      sfu.close();
      await server.shutdown();
    },
  };
}

const W = 320, H = 240;

/**
 * Publishes a test pattern to `lane` over WHIP at 30 fps until stopped;
 * `beforeConnect` runs before each (re)connection (a test can hold one back).
 */
export function publishPattern(
  t: TestSfu,
  lane: string,
  beforeConnect: () => Promise<void> = () => Promise.resolve(),
) {
  return publishPatternWith(async () => {
    await beforeConnect();
    return { whipUrl: `${t.url}/whip/${lane}`, token: await t.token(lane, "lane:publish") };
  });
}

/** Publishes a test pattern over WHIP at 30 fps with `credentials` for each (re)connection. */
export function publishPatternWith(
  credentials: () => Promise<{ whipUrl: string; token: string }>,
) {
  const publisher = new WhipPublisher({ width: W, height: H, credentials });
  const next = testPattern(W, H);
  let n = 0;
  const timer = setInterval(() => publisher.pushFrame(next(n++)), 33);
  return {
    publisher,
    async stop() {
      clearInterval(timer);
      await publisher.close();
    },
  };
}

/** A WHEP viewer of `lane` with a fresh view token for each (re)connection. */
export function watchLane(
  t: TestSfu,
  lane: string,
  onFrame?: (frame: RTCVideoFrame) => void,
): WhepViewer {
  return new WhepViewer({
    credentials: async () => ({
      whepUrl: `${t.url}/whep/${lane}`,
      token: await t.token(lane, "lane:view"),
    }),
    onFrame,
  });
}

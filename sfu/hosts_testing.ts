/**
 * SFU hosts as separate processes for tests and `bench scale`: each runs
 * sfu/main.ts on free ports and announces itself to `serverUrl`.
 */
import { WhepViewer } from "../media/whep_viewer.ts";
import { freePort, waitFor } from "../tools/system.ts";

export interface SfuHostProcess {
  id: string;
  url: string;
  pid: number;
  /** Kills the process at once (SIGKILL: no goodbye), and waits for it to exit. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface SfuHostOptions {
  id: string;
  serverUrl: string;
  serviceKey: string;
  workers?: number;
  announceMs?: number;
  env?: Record<string, string>;
  verbose?: boolean;
}

export async function startSfuHost(options: SfuHostOptions): Promise<SfuHostProcess> {
  const port = freePort();
  // A thousand RTC ports each: every viewer transport and plain consumer takes one.
  const rtcMin = 20000 + Math.floor(Math.random() * 40) * 1000;
  const url = `http://127.0.0.1:${port}`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "sfu/main.ts"],
    cwd: new URL("..", import.meta.url).pathname,
    env: {
      ...Deno.env.toObject(),
      SFU_PORT: String(port),
      SFU_HOST: "127.0.0.1",
      SFU_ID: options.id,
      SFU_ANNOUNCE_TO: options.serverUrl,
      SFU_ANNOUNCE_MS: String(options.announceMs ?? 500),
      SFU_SERVICE_KEY: options.serviceKey,
      JWKS_URL: `${options.serverUrl}/.well-known/jwks.json`,
      SFU_WORKERS: String(options.workers ?? 1),
      RTC_LISTEN_IP: "127.0.0.1",
      RTC_MIN_PORT: String(rtcMin),
      RTC_MAX_PORT: String(rtcMin + 999),
      ...options.env,
    },
    stdin: "null",
    stdout: options.verbose ? "inherit" : "null",
    stderr: options.verbose ? "inherit" : "null",
  }).spawn();
  let exited = false;
  const status = child.status.finally(() => exited = true);
  const end = async (signal: Deno.Signal) => {
    if (!exited) {
      try {
        child.kill(signal);
      } catch { /* gone */ }
    }
    await status;
  };
  const host = {
    id: options.id,
    url,
    pid: child.pid,
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
  };
  try {
    await waitFor(
      async () => {
        const res = await fetch(`${url}/health`).catch(() => null);
        await res?.body?.cancel();
        return res?.status === 200;
      },
      60_000,
      `SFU host "${options.id}" to start`,
    );
  } catch (err) {
    await host.kill();
    throw err;
  }
  return host;
}

/** A WHEP viewer the server placed: on which host, when it last asked, its first frame after that. */
export interface PlacedViewer {
  viewer: WhepViewer;
  host: string;
  placedAt: number;
  backAt: number;
}

/**
 * Starts viewers one after another, each asking `grant()` where to watch
 * (again on every reconnect), until they sit on at least two of `hosts`
 * (at most 8 tries); `grant(i)` may ask a different server per viewer.
 */
export async function placeViewers(
  hosts: readonly SfuHostProcess[],
  grant: (i: number) => Promise<{ whepUrl: string; token: string }>,
): Promise<PlacedViewer[]> {
  const viewers: PlacedViewer[] = [];
  for (let i = 0; i < 8 && new Set(viewers.map((v) => v.host)).size < 2; i++) {
    const first = Promise.withResolvers<void>();
    const entry = { viewer: undefined as unknown as WhepViewer, host: "", placedAt: 0, backAt: 0 };
    entry.viewer = new WhepViewer({
      credentials: async () => {
        const g = await grant(i);
        entry.host = hosts.find((h) => g.whepUrl.startsWith(h.url))?.id ?? g.whepUrl;
        entry.placedAt = Date.now();
        first.resolve();
        return { whepUrl: g.whepUrl, token: g.token };
      },
      // The first frame after the viewer last asked the server where to watch.
      onFrame: (_f, at) => {
        if (at > entry.placedAt && entry.backAt < entry.placedAt) entry.backAt = at;
      },
    });
    viewers.push(entry);
    await first.promise;
  }
  return viewers;
}

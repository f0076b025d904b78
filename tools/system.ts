/**
 * Starts a whole Lanecast system (server, SFU, simulator) as child
 * processes on free ports with a throwaway data folder, for tests and
 * benchmarks. `stop()` ends everything and removes the folder.
 */
export interface SystemOptions {
  lanes?: number;
  simLanes?: number;
  env?: Record<string, string>;
  /** Forward the processes' output to this process's stderr. */
  verbose?: boolean;
  /** Use this data folder (removed at stop) instead of a fresh one. */
  dataDir?: string;
  /** Which processes to run (default server, SFU and simulator; add "inference" for the sidecar). */
  processes?: ("server" | "sfu" | "sim" | "inference")[];
  /** Extra `deno run` flags per process (e.g. `--inspect=127.0.0.1:9229` to profile the server). */
  denoFlags?: Partial<Record<"server" | "sfu" | "sim" | "inference", string[]>>;
}

export interface RunningSystem {
  url: string;
  sfuUrl: string;
  cameraKey: string;
  inferenceKey: string;
  /** Bearer key of the SFU's /lanes, /ingest and /metrics. */
  sfuServiceKey: string;
  /** The inference sidecar's status endpoint base (when it runs). */
  inferenceUrl: string;
  dataDir: string;
  pids(): Record<string, number>;
  stop(): Promise<void>;
}

export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const dataDir = options.dataDir ?? await Deno.makeTempDir({ prefix: "lanecast-test-" });
  const port = freePort();
  const sfuPort = freePort();
  const rtcMin = 20000 + Math.floor(Math.random() * 200) * 100;
  const cameraKey = crypto.randomUUID() + crypto.randomUUID();
  const inferenceKey = crypto.randomUUID() + crypto.randomUUID();
  const sfuServiceKey = crypto.randomUUID() + crypto.randomUUID();
  const inferencePort = freePort();
  const env: Record<string, string> = {
    ...Deno.env.toObject(),
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    SFU_PORT: String(sfuPort),
    SFU_HOST: "127.0.0.1",
    SFU_URL: `http://127.0.0.1:${sfuPort}`,
    SERVER_URL: `http://127.0.0.1:${port}`,
    JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    RTC_LISTEN_IP: "127.0.0.1",
    RTC_MIN_PORT: String(rtcMin),
    RTC_MAX_PORT: String(rtcMin + 99),
    CAMERA_KEY: cameraKey,
    INFERENCE_KEY: inferenceKey,
    SFU_SERVICE_KEY: sfuServiceKey,
    INFERENCE_PORT: String(inferencePort),
    // The harness's cameras (tests, benchmarks) publish to any lane with the one key they know.
    CAMERA_KEY_LANES: "all",
    LANES: String(options.lanes ?? 2),
    SIM_LANES: String(options.simLanes ?? 1),
    // No simulated bowlers unless a test asks: its own sessions would meet an open one.
    SIM_SESSIONS: "false",
    // Nor open play: a live lane would get a game of its own that a test's session would meet.
    OPEN_PLAY: "false",
    ...options.env,
  };
  const scripts = { server: "server/main.ts", sfu: "sfu/main.ts", sim: "sim/main.ts", inference: "inference/main.ts" };
  const names = options.processes ?? ["server", "sfu", "sim"];
  const children = new Map<string, Deno.ChildProcess>();
  const root = new URL("..", import.meta.url).pathname;
  for (const name of names) {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", ...options.denoFlags?.[name] ?? [], scripts[name]],
      cwd: root,
      env,
      stdin: "null",
      stdout: options.verbose ? "inherit" : "null",
      stderr: options.verbose ? "inherit" : "null",
    }).spawn();
    children.set(name, child);
  }
  const url = `http://127.0.0.1:${port}`;
  const sfuUrl = `http://127.0.0.1:${sfuPort}`;
  const system: RunningSystem = {
    url,
    sfuUrl,
    cameraKey,
    inferenceKey,
    sfuServiceKey,
    inferenceUrl: `http://127.0.0.1:${inferencePort}`,
    dataDir,
    pids: () => Object.fromEntries([...children].map(([n, c]) => [n, c.pid])),
    async stop() {
      for (const c of children.values()) {
        try {
          c.kill("SIGTERM");
        } catch { /* gone */ }
      }
      await Promise.all([...children.values()].map((c) => c.status));
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
  try {
    await waitFor(async () => {
      const res = await fetch(`${url}/api/health`).catch(() => null);
      await res?.body?.cancel();
      return !!res && (res.status === 200 || !names.includes("sfu"));
      // A fresh PGlite migrates on start: a minute and more on a busy two-core machine.
    }, 180_000, "the server to report healthy");
  } catch (err) {
    await system.stop();
    throw err;
  }
  return system;
}

/** Polls `check` every 100 ms until it returns true, or fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

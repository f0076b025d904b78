/**
 * A V8 CPU profile of another Deno process started with `--inspect=HOST:PORT`,
 * taken over the inspector protocol (Deno has no `--cpu-prof`), and a short
 * text summary of where its samples went: self time by function and, for
 * each of the project's own functions, total time (itself and its callees).
 *
 * @example
 * ```ts ignore
 * const profiler = await startCpuProfile("127.0.0.1:9229");
 * // … load …
 * const profile = await profiler.stop();
 * console.log(summarizeProfile(profile));
 * ```
 * @module
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Starts sampling (every `intervalUs`) in the process whose inspector listens at `hostPort`. */
export async function startCpuProfile(
  hostPort: string,
  intervalUs = 200,
): Promise<{ stop(): Promise<CpuProfile> }> {
  const [target] = await (await fetch(`http://${hostPort}/json/list`)).json();
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let next = 1;
  const pending = new Map<number, (r: unknown) => void>();
  ws.onmessage = (e) => {
    const msg = JSON.parse(e.data);
    pending.get(msg.id)?.(msg.result);
    pending.delete(msg.id);
  };
  const send = <T>(method: string, params: unknown = {}) =>
    new Promise<T>((resolve) => {
      const id = next++;
      pending.set(id, resolve as (r: unknown) => void);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: intervalUs });
  await send("Profiler.start");
  return {
    async stop() {
      const { profile } = await send<{ profile: CpuProfile }>("Profiler.stop");
      ws.close();
      return profile;
    },
  };
}

const short = (url: string) => url.replace(/^.*\/(node_modules|work\/wt\/[^/]+)\//, "");

/** Self time by function (top `n`) and total time of the project's own functions. */
export function summarizeProfile(p: CpuProfile, n = 40): string {
  const byId = new Map(p.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of p.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const count = new Map<number, number>();
  for (const s of p.samples) count.set(s, (count.get(s) ?? 0) + 1);
  const total = p.samples.length;
  const name = (node: ProfileNode) => {
    const f = node.callFrame;
    return `${f.functionName || "(anonymous)"} ${short(f.url)}:${f.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, k] of count) {
    const node = byId.get(id)!;
    self.set(name(node), (self.get(name(node)) ?? 0) + k);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const nm = name(byId.get(at)!);
      if (seen.has(nm)) continue;
      seen.add(nm);
      inclusive.set(nm, (inclusive.get(nm) ?? 0) + k);
    }
  }
  const pct = (k: number) => `${(k / total * 100).toFixed(1).padStart(5)} %`;
  const top = (m: Map<string, number>, keep: (k: string) => boolean) =>
    [...m].filter(([k]) => keep(k)).sort((a, b) => b[1] - a[1]).slice(0, n)
      .map(([k, v]) => `${pct(v)}  ${k}`).join("\n");
  return `${total} samples over ${((p.endTime - p.startTime) / 1e6).toFixed(1)} s\n` +
    `self:\n${top(self, () => true)}\n` +
    `total (project and libraries, not the runtime):\n${
      top(
        inclusive,
        (k) => / (server|core|npm|jsr|[a-z0-9_-]+\/)/.test(k) && !k.startsWith("(root)"),
      )
    }`;
}

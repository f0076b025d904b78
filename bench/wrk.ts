/**
 * Bets from `wrk` (Debian's package, a C load generator on epoll): one
 * thread, `connections` kept-alive HTTP/1.1 connections, each carrying one
 * `POST /api/bets` at a time as a browser's connection does, every request
 * with its own bettor's bearer token and a fresh idempotency key, built by
 * a Lua script written for the run. The generator's CPU per request is a
 * fraction of a Deno client's, so on a machine whose cores it shares with the
 * server and PostgreSQL, the figure is closer to what the system does with
 * its clients elsewhere (where real bettors are). The bench still counts the
 * generator's CPU (`client` of `cpuMsPerBet`).
 *
 * @example
 * ```ts ignore
 * const load = await wrkBets({ url, seconds: 10, connections: 256, bettors, markets, stake: 10, tag: "run1" });
 * console.log(load.accepted, load.statuses); // { "201": 19873 }
 * ```
 * @module
 */
import type { Caller } from "./market_client.ts";

export interface WrkMarket {
  id: string;
  version: number;
  outcomes: string[];
}

export interface WrkOptions {
  url: string;
  seconds: number;
  connections: number;
  bettors: Caller[];
  markets: WrkMarket[];
  stake: number;
  /** Makes the run's idempotency keys its own. */
  tag: string;
}

export interface WrkLoad {
  accepted: number;
  /** Answers by HTTP status; socket errors and timeouts under `error` and `timeout`. */
  statuses: Record<string, number>;
  perSecond: number;
  /** Accepted bets by market id. */
  byMarket: Map<string, number>;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** CPU seconds the generator used (user + system). */
  cpuSeconds: number;
}

/** Whether `wrk` is on the PATH (`./lanecast bench` installs it). */
export async function haveWrk(): Promise<boolean> {
  try {
    // wrk --version exits 1 after printing its version: found is enough.
    await new Deno.Command("wrk", { args: ["--version"], stdout: "null", stderr: "null" }).output();
    return true;
  } catch {
    return false;
  }
}

const lua = (s: string) => JSON.stringify(s); // a JSON string is a valid Lua string for these characters

/** The Lua script: bettors and markets inlined, counts read back in `done`. */
export function wrkScript(o: Omit<WrkOptions, "url" | "seconds" | "connections">): string {
  for (const b of o.bettors) {
    if (!/^[A-Za-z0-9._-]+$/.test(b.token)) throw new Error("a bettor's token is not a JWT");
  }
  for (const m of o.markets) {
    if (!/^[0-9a-f-]+$/i.test(m.id) || m.outcomes.some((k) => !/^[a-z0-9_-]+$/i.test(k))) {
      throw new Error(`market ${m.id} does not fit the script`);
    }
  }
  if (!/^[A-Za-z0-9_-]+$/.test(o.tag)) throw new Error("the tag must be a plain word");
  const tokens = o.bettors.map((b) => lua(b.token)).join(",\n");
  const markets = o.markets.map((m) =>
    `{ id = ${lua(m.id)}, version = ${m.version}, outcomes = { ${
      m.outcomes.map(lua).join(", ")
    } } }`
  ).join(",\n");
  return `-- written by bench/wrk.ts for one run
local tokens = {
${tokens}
}
local markets = {
${markets}
}
local stake = ${Math.trunc(o.stake)}
local tag = ${lua(o.tag)}
local n = 0
local threads = {}
statuses = {}
accepted = {}

setup = function(thread)
  thread:set("id", tostring(#threads + 1) .. "x" .. tostring(math.random(1, 1e9)))
  table.insert(threads, thread)
end

request = function()
  n = n + 1
  local m = markets[(n % #markets) + 1]
  local outcome = m.outcomes[((n % 3 == 0) and 1 or 2)]
  local token = tokens[(n % #tokens) + 1]
  local body = string.format(
    '{"marketId":"%s","outcome":"%s","stake":%d,"marketVersion":%d,"idempotencyKey":"%s-%s-%d"}',
    m.id, outcome, stake, m.version, tag, id, n)
  return wrk.format("POST", "/api/bets",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

response = function(status, headers, body)
  -- The answer names its market (requests of many connections interleave).
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status == 201 then
    local market = string.match(body, '"marketId":"([^"]+)"')
    if market then accepted[market] = (accepted[market] or 0) + 1 end
  end
end

done = function(summary, latency, requests)
  local parts = {}
  local markets = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do parts[k] = (parts[k] or 0) + v end
    for k, v in pairs(t:get("accepted")) do markets[k] = (markets[k] or 0) + v end
  end
  local e = summary.errors
  parts["error"] = e.connect + e.read + e.write
  parts["timeout"] = e.timeout
  local s, sep = "", ""
  for k, v in pairs(parts) do s = s .. sep .. string.format('"%s":%d', k, v); sep = "," end
  local ms, sep2 = "", ""
  for k, v in pairs(markets) do ms = ms .. sep2 .. string.format('"%s":%d', k, v); sep2 = "," end
  io.write(string.format('WRK_RESULT {"durationUs":%d,"statuses":{%s},"markets":{%s},"p50Us":%d,"p99Us":%d}\\n',
    summary.duration, s, ms, latency:percentile(50), latency:percentile(99)))
end
`;
}

/** Runs wrk for `seconds` and reads its counts back. */
export async function wrkBets(o: WrkOptions): Promise<WrkLoad> {
  const dir = await Deno.makeTempDir({ prefix: "lanecast-wrk-" });
  try {
    const script = `${dir}/bets.lua`;
    await Deno.writeTextFile(script, wrkScript(o));
    const args = [
      "-t1",
      `-c${o.connections}`,
      `-d${o.seconds}s`,
      "--timeout",
      "30s",
      "-s",
      script,
      o.url,
    ];
    // bash's `times` after the child: the generator's own CPU (user and system).
    const cmd = `wrk ${args.map((a) => `'${a}'`).join(" ")}; status=$?; times; exit $status`;
    const out = await new Deno.Command("bash", {
      args: ["-c", cmd],
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    const text = new TextDecoder().decode(out.stdout);
    if (!out.success) {
      throw new Error(
        `wrk failed: ${new TextDecoder().decode(out.stderr).slice(0, 500)}${text.slice(0, 500)}`,
      );
    }
    const line = text.split("\n").find((l) => l.startsWith("WRK_RESULT "));
    if (!line) throw new Error(`wrk printed no result:\n${text.slice(0, 1000)}`);
    const r = JSON.parse(line.slice("WRK_RESULT ".length)) as {
      durationUs: number;
      statuses: Record<string, number>;
      markets: Record<string, number>;
      p50Us: number;
      p99Us: number;
    };
    const times = text.trim().split("\n").slice(-1)[0]; // children: "0m1.234s 0m0.567s"
    const cpuSeconds = [...times.matchAll(/(\d+)m([\d.]+)s/g)]
      .reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
    const accepted = r.statuses["201"] ?? 0;
    for (const k of Object.keys(r.statuses)) if (!r.statuses[k]) delete r.statuses[k];
    return {
      accepted,
      statuses: r.statuses,
      perSecond: accepted / (r.durationUs / 1e6),
      byMarket: new Map(Object.entries(r.markets)),
      latencyP50Ms: r.p50Us / 1000,
      latencyP99Ms: r.p99Us / 1000,
      cpuSeconds,
    };
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

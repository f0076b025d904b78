/** Small statistics helpers for benchmarks. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const fmt = (n: number, digits = 1) => Number.isFinite(n) ? n.toFixed(digits) : "n/a";

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function processCpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

/** utime, stime, cutime, cstime (seconds) and the parent of a process, or null when it is gone. */
function procStat(pid: number): { own: number; reaped: number; ppid: number } | null {
  let stat: string;
  try {
    stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  } catch {
    return null;
  }
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    own: (Number(f[11]) + Number(f[12])) / 100,
    reaped: (Number(f[13]) + Number(f[14])) / 100,
    ppid: Number(f[1]),
  };
}

/**
 * CPU seconds (user + system) of a process and every descendant: its own,
 * the live descendants', and what its exited children left in its
 * cutime/cstime. For a PostgreSQL postmaster this counts every backend.
 */
export function processTreeCpuSeconds(pid: number): number {
  const parents = new Map<number, number[]>();
  const stats = new Map<number, { own: number; reaped: number }>();
  for (const e of Deno.readDirSync("/proc")) {
    const p = Number(e.name);
    if (!Number.isInteger(p) || p <= 0) continue;
    const s = procStat(p);
    if (!s) continue;
    stats.set(p, s);
    parents.set(s.ppid, [...parents.get(s.ppid) ?? [], p]);
  }
  const root = stats.get(pid);
  if (!root) return NaN;
  let total = root.reaped;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += stats.get(p)?.own ?? 0;
    stack.push(...parents.get(p) ?? []);
  }
  return total;
}

/** The PostgreSQL postmaster listening on `port` (found by its command line), or null. */
export function postmasterPid(port: number): number | null {
  for (const e of Deno.readDirSync("/proc")) {
    const p = Number(e.name);
    if (!Number.isInteger(p) || p <= 0) continue;
    try {
      const argv = Deno.readTextFileSync(`/proc/${p}/cmdline`).split("\0");
      const i = argv.indexOf("-p");
      if (argv[0].endsWith("/postgres") && i > 0 && argv[i + 1] === String(port)) return p;
    } catch { /* gone */ }
  }
  return null;
}

/** Least-squares line y = intercept + slope·x. */
export function lineFit(xs: number[], ys: number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) (sxy += (xs[i] - mx) * (ys[i] - my)), (sxx += (xs[i] - mx) ** 2);
  const slope = sxx ? sxy / sxx : NaN;
  return { slope, intercept: my - slope * mx };
}

/**
 * Prometheus text exposition for processes that report what they already
 * count (the SFU's workers and lanes, the sidecar's frames): one `metric()`
 * call per family with its samples. Label values are escaped; a value that
 * is not a finite number is written as 0. Pure.
 *
 * @example
 * ```ts
 * import { Exposition } from "./prometheus.ts";
 * const text = new Exposition()
 *   .metric("lanecast_frames_total", "counter", "Frames", [[{ lane: "1" }, 42]])
 *   .toString();
 * ```
 * @module
 */

export type Sample = [labels: Record<string, string>, value: number];

export class Exposition {
  #lines: string[] = [];
  metric(name: string, type: "gauge" | "counter", help: string, samples: Sample[] | number): this {
    this.#lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    const list: Sample[] = typeof samples === "number" ? [[{}, samples]] : samples;
    for (const [labels, value] of list) {
      const l = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, "_")}"`).join(
        ",",
      );
      this.#lines.push(`${name}${l ? `{${l}}` : ""} ${Number.isFinite(value) ? value : 0}`);
    }
    return this;
  }
  toString(): string {
    return this.#lines.join("\n") + "\n";
  }
}

/** The content type of the text exposition format. */
export const PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

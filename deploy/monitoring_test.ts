/**
 * The alert rules and the dashboard only name metrics the processes expose:
 * the server's (its registry), the sidecar's (a rendered snapshot) and the
 * SFU's (the names its exposition writes), so a renamed metric cannot leave
 * an alert that never fires.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { createServerMetrics } from "../server/metrics/metrics.ts";
import { renderSidecarMetrics } from "../inference/metrics.ts";

const here = (p: string) => new URL(p, import.meta.url);

async function exposed(): Promise<Set<string>> {
  const names = new Set<string>();
  const typed = (text: string) => {
    for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      names.add(m[1]);
      if (m[2] === "histogram") {
        for (const s of ["_bucket", "_count", "_sum"]) names.add(m[1] + s);
      }
    }
  };
  typed(await createServerMetrics().registry.metrics());
  typed(renderSidecarMetrics({
    lanes: {},
    undelivered: 0,
    events: {
      sent: 0,
      acked: 0,
      duplicates: 0,
      refused: 0,
      resent: 0,
      dropped: 0,
      connects: 0,
      pending: 0,
    },
  }));
  const sfu = await Deno.readTextFile(here("../sfu/metrics.ts"));
  for (const m of sfu.matchAll(/"(lanecast_sfu_[a-z_]+)"/g)) names.add(m[1]);
  return names;
}

const used = (expr: string) => [...expr.matchAll(/\b(lanecast_[a-z_]+)/g)].map((m) => m[1]);

Deno.test("every alert rule is complete and names only metrics that exist", async () => {
  const names = await exposed();
  const doc = parse(await Deno.readTextFile(here("prometheus/alerts.yml")));
  const rules = doc.groups.flatMap((g: { rules: unknown[] }) => g.rules) as {
    alert: string;
    expr: string;
    labels: { severity: string };
    annotations: { summary: string };
  }[];
  assert.ok(rules.length >= 8);
  for (const r of rules) {
    assert.match(r.alert, /^[A-Z][A-Za-z]+$/);
    assert.ok(["page", "ticket"].includes(r.labels.severity), r.alert);
    assert.ok(r.annotations.summary, r.alert);
    for (const name of used(r.expr)) assert.ok(names.has(name), `${r.alert}: no metric ${name}`);
  }
  for (
    const must of ["LaneOffAir", "SettlementLagging", "SfuWorkerDeaths", "LedgerCheckFailing"]
  ) assert.ok(rules.some((r) => r.alert === must), must);
  const config = parse(await Deno.readTextFile(here("prometheus/prometheus.yml")));
  assert.deepEqual(config.rule_files, ["alerts.yml"]);
});

Deno.test("every dashboard panel queries metrics that exist", async () => {
  const names = await exposed();
  const dash = JSON.parse(await Deno.readTextFile(here("grafana/lanecast.json")));
  assert.ok(dash.panels.length >= 10);
  for (const p of dash.panels) {
    assert.ok(p.targets.length > 0, p.title);
    for (const t of p.targets) {
      for (const name of used(t.expr)) assert.ok(names.has(name), `${p.title}: no metric ${name}`);
    }
  }
});

/**
 * Two API instances as separate processes (`server/main.ts`) on one real
 * PostgreSQL, set up for several instances (LIVE_BUS, KV_PATH=postgres,
 * SHARED_KEYS), each with its own DATA_DIR, as two hosts behind a proxy would be;
 * and two SFU hosts as separate processes, one announcing to each instance.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import {
  type PlacedViewer,
  placeViewers,
  type SfuHostProcess,
  startSfuHost,
} from "../sfu/hosts_testing.ts";
import { publishPatternWith } from "../sfu/testing.ts";
import { startTestPostgres } from "../tools/postgres.ts";
import { type RunningSystem, startSystem, waitFor } from "../tools/system.ts";
import { testShotReport } from "./shots/test_report.ts";

const ADMIN = { email: "admin@multi.lanecast", password: "a-long-admin-password-1" };

/** Reads a live stream (SSE) into `text` until `stop()`. */
function readStream(url: string) {
  const abort = new AbortController();
  const state = { text: "", status: 0 };
  const done = (async () => {
    const res = await fetch(url, { signal: abort.signal });
    state.status = res.status;
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      state.text += value;
    }
  })().catch(() => {});
  return {
    state,
    async stop() {
      abort.abort();
      await done;
    },
  };
}

Deno.test("two API instances on one PostgreSQL share live updates, jobs, keys and throttles", async (t) => {
  const pg = await startTestPostgres();
  const sql = postgres(pg.url, { onnotice: () => {} });
  const systems: RunningSystem[] = [];
  try {
    const env = {
      DATABASE_URL: pg.url,
      LIVE_BUS: "postgres",
      KV_PATH: "postgres",
      SHARED_KEYS: "true",
      // The keys are generated (by the first instance) and shared through the database.
      CAMERA_KEY: "",
      INFERENCE_KEY: "",
      SFU_SERVICE_KEY: "",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // Both run the outbox consumer and the sim keeper: each job must still run once.
      SIM_SESSIONS: "true",
      WATCH_LIMIT_PER_MINUTE: "10000",
    };
    const opts = { processes: ["server" as const], lanes: 2, simLanes: 1, env };
    systems.push(await startSystem(opts));
    systems.push(await startSystem(opts));
    const [a, b] = systems.map((s) => s.url);
    const [{ value: inferenceKey }] = await sql<{ value: string }[]>`
      select value from server_secrets where name = 'inference_key'`;

    await t.step(
      "a shot posted through one instance reaches a live stream of the other",
      async () => {
        await waitFor(
          async () =>
            (await sql`select 1 from bowling_sessions where lane_id = '1' and status = 'open'`)
              .length ===
              1,
          60_000,
          "the sim keeper's session on lane 1",
        );
        const stream = readStream(`${b}/api/lanes/1/live`);
        try {
          await waitFor(() => stream.state.status === 200, 30_000, "the stream on b");
          const res = await fetch(`${a}/api/inference/lanes/1/shots`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${inferenceKey}`,
              "content-type": "application/json",
            },
            body: JSON.stringify(testShotReport("multi-shot-01")),
          });
          assert.equal(res.status, 201);
          await res.body?.cancel();
          await waitFor(
            () => /event: shot\ndata: .*multi-shot-01/.test(stream.state.text),
            30_000,
            "the shot on b's stream",
          );
          // The score follows, from whichever instance's consumer took the outbox row.
          await waitFor(() => /event: session\n/.test(stream.state.text), 30_000, "the sheet on b");
          assert.equal(stream.state.text.match(/event: shot\n/g)?.length, 1, "the shot came once");
        } finally {
          await stream.stop();
        }
      },
    );

    await t.step("the shot's jobs ran once though both instances consume the outbox", async () => {
      await waitFor(
        async () =>
          (await sql`select 1 from outbox where fact_id = 'multi-shot-01' and done_at is null`)
            .length === 0,
        30_000,
        "the shot's outbox rows",
      );
      const rows = await sql<{ topic: string; attempts: number }[]>`
        select topic, attempts from outbox where fact_id = 'multi-shot-01' order by topic`;
      assert.ok(rows.length >= 1);
      for (const row of rows) assert.equal(row.attempts, 1, `${row.topic} ran once`);
      const balls = await sql`select 1 from session_balls where shot_id = 'multi-shot-01'`;
      assert.equal(balls.length, 1, "scored once");
      const open =
        await sql`select 1 from bowling_sessions where lane_id = '1' and status = 'open'`;
      assert.equal(open.length, 1, "one keeper session on the lane");
    });

    await t.step(
      "a login on one instance is good on the other, and so is its live ticket",
      async () => {
        const login = await fetch(`${a}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(ADMIN),
        });
        assert.equal(login.status, 200);
        const { accessToken } = await login.json();
        const issued = await fetch(`${b}/api/live/tickets`, {
          method: "POST",
          headers: { authorization: `Bearer ${accessToken}` },
        });
        assert.equal(issued.status, 201, "b takes a's token: the signing key is shared");
        const { ticket } = await issued.json();
        const stream = readStream(`${a}/api/me/live?ticket=${ticket}`);
        try {
          await waitFor(() => stream.state.status !== 0, 30_000, "the ticket's stream on a");
          assert.equal(stream.state.status, 200, "a redeems b's ticket: tickets are shared");
        } finally {
          await stream.stop();
        }
      },
    );

    await t.step(
      "viewers on two SFU hosts placed by either instance see one camera; a killed host's viewers move",
      () => twoSfuHosts(sql, a, b),
    );

    await t.step("a login throttle reached through one instance holds on the other", async () => {
      const attempt = async (url: string) => {
        const res = await fetch(`${url}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "guess@multi.lanecast", password: "wrong-password" }),
        });
        await res.body?.cancel();
        return res.status;
      };
      for (let i = 0; i < 5; i++) assert.equal(await attempt(a), 401);
      assert.equal(await attempt(b), 429);
    });
  } finally {
    for (const s of systems) await s.stop();
    await sql.end();
    await pg.stop();
  }
});

/**
 * Host "a" announces to instance a, host "b" to instance b (the hosts' table is
 * shared); the camera is granted through a, viewers alternately through b and a.
 */
async function twoSfuHosts(sql: postgres.Sql, a: string, b: string) {
  const secret = async (name: string) =>
    (await sql<{ value: string }[]>`select value from server_secrets where name = ${name}`)[0]
      .value;
  const serviceKey = await secret("sfu_service_key");
  const cameraKey = await secret("camera_key");
  const hosts: SfuHostProcess[] = [];
  const viewers: PlacedViewer[] = [];
  const grant = async (api: string, path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${api}/api/lanes/1/${path}`, { method: "POST", headers });
    assert.equal(res.status, 200, await res.clone().text());
    return await res.json();
  };
  let camera: { stop(): Promise<void> } | undefined;
  try {
    hosts.push(await startSfuHost({ id: "a", serverUrl: a, serviceKey }));
    hosts.push(await startSfuHost({ id: "b", serverUrl: b, serviceKey }));
    await waitFor(
      async () =>
        (await sql`select 1 from sfu_hosts where seen_at > now() - interval '3 seconds'`)
          .length === 2,
      30_000,
      "both hosts announced",
    );
    camera = publishPatternWith(() =>
      grant(a, "publish", { authorization: `Bearer ${cameraKey}` })
    );
    const originOf = async () =>
      (await sql<{ id: string }[]>`
        select id from sfu_hosts where origins @> '["1"]'::jsonb`)[0]?.id;
    await waitFor(async () => !!(await originOf()), 30_000, "the camera's host to be origin");
    const origin = (await originOf())!;
    viewers.push(...await placeViewers(hosts, (i) => grant(i % 2 ? a : b, "watch")));
    assert.deepEqual(new Set(viewers.map((v) => v.host)), new Set(["a", "b"]));
    await waitFor(
      () => viewers.every((v) => v.viewer.frames >= 10),
      60_000,
      "every viewer on both hosts to decode frames",
    );
    const edge = hosts.find((h) => h.id !== origin)!;
    const moved = viewers.filter((v) => v.host === edge.id);
    const killedAt = Date.now();
    await edge.kill();
    await waitFor(
      () => moved.every((v) => v.placedAt > killedAt && v.backAt > v.placedAt),
      30_000,
      "the killed host's viewers to see frames again",
    );
    assert.ok(moved.every((v) => v.host === origin), "they watch at the surviving host now");
    console.log(
      `kill to the next frame at the other host: ${
        moved.map((v) => v.backAt - killedAt).join(", ")
      } ms`,
    );
  } finally {
    await Promise.all(viewers.map((v) => v.viewer.close()));
    await camera?.stop();
    await Promise.all(hosts.map((h) => h.stop()));
  }
}

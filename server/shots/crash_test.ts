/**
 * The server killed (SIGKILL) between storing a shot and scoring it: after a
 * restart the ball is scored exactly once — never lost, never twice.
 *
 * The server runs as a real process on a real PostgreSQL. The test holds a
 * lock on the open session, so the server stores the shot and then waits to
 * score it; it is killed right there, the lock let go, and it is started
 * again.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { startTestPostgres } from "../../tools/postgres.ts";
import { freePort, waitFor } from "../../tools/system.ts";
import { testShotReport } from "./test_report.ts";

const INFERENCE_KEY = "crash-test-inference-key-0123";
const ROOT = new URL("../../", import.meta.url).pathname;

function startServer(env: Record<string, string>): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "server/main.ts"],
    cwd: ROOT,
    env,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

async function healthy(url: string): Promise<boolean> {
  const res = await fetch(`${url}/api/lanes`).catch(() => null);
  await res?.body?.cancel();
  return res?.status === 200;
}

Deno.test("a server killed between storing a shot and scoring it scores the ball exactly once after a restart", async () => {
  const pg = await startTestPostgres();
  const sql = postgres(pg.url, { onnotice: () => {}, max: 4 });
  const dataDir = await Deno.makeTempDir({ prefix: "lanecast-crash-" });
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: pg.url,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    INFERENCE_KEY,
    LANES: "2",
    SIM_LANES: "0",
    SFU_URL: `http://127.0.0.1:${freePort()}`,
    CAMERA_SYNC_MS: "3600000",
    OUTBOX_POLL_MS: "100",
    OUTBOX_LEASE_MS: "500",
  };
  let server = startServer(env);
  const lock = await sql.reserve();
  try {
    await waitFor(() => healthy(url), 60_000, "the server to start");
    const [session] = await sql<{ id: string }[]>`
      insert into bowling_sessions (lane_id) values ('1') returning id`;
    await sql`insert into session_bowlers (session_id, position, name)
      values (${session.id}, 1, 'Ada')`;

    // Hold the session, so that scoring the shot waits once the shot is stored.
    await lock`begin`;
    await lock`select id from bowling_sessions where id = ${session.id} for update`;
    const shot = testShotReport("crash-shot-0001", { standing: 0 });
    const post = () =>
      fetch(`${url}/api/inference/lanes/1/shots`, {
        method: "POST",
        headers: { authorization: `Bearer ${INFERENCE_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(shot),
      });
    const inFlight = post().then(async (r) => {
      await r.body?.cancel();
      return r.status;
    }).catch(() => "killed");
    await waitFor(
      async () => {
        const [{ n }] = await sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
        where application_name = 'lanecast' and wait_event_type = 'Lock'`;
        return n > 0;
      },
      30_000,
      "the server to wait for the session while scoring",
    );
    const [stored] = await sql`select id from shots where id = ${shot.id}`;
    assert.ok(stored, "the shot was stored before the kill");

    server.kill("SIGKILL");
    await server.status;
    await inFlight;
    await lock`rollback`;

    server = startServer(env);
    await waitFor(() => healthy(url), 60_000, "the server to start again");
    const scoredOrInReview = async () => {
      const [{ balls }] = await sql<{ balls: number }[]>`
        select count(*)::int as balls from session_balls where shot_id = ${shot.id}`;
      const [{ status }] = await sql<{ status: string }[]>`
        select status from shots where id = ${shot.id}`;
      return { balls, status };
    };
    await waitFor(
      async () => {
        const s = await scoredOrInReview();
        return s.balls > 0 || s.status === "review";
      },
      30_000,
      "the shot to be scored or sent to review after the restart",
    );
    assert.deepEqual(await scoredOrInReview(), { balls: 1, status: "auto" });

    // What follows the ball (its clip, its settlement) drains from the outbox; on a
    // loaded machine that can take a few polls after the ball is scored.
    const outbox = async () => {
      const [row] = await sql<{ rows: number; pending: number }[]>`
        select count(*)::int as rows, count(*) filter (where done_at is null)::int as pending
        from outbox`;
      return row;
    };
    await waitFor(async () => (await outbox()).pending === 0, 30_000, "the outbox to drain");
    const before = await outbox();

    // The sidecar's retry of the same report is answered as stored and scores nothing more.
    const retry = await post();
    assert.equal(retry.status, 200);
    await retry.body?.cancel();
    assert.deepEqual(await outbox(), before, "the retry enqueues nothing");
    assert.deepEqual(await scoredOrInReview(), { balls: 1, status: "auto" });
  } finally {
    lock.release();
    try {
      server.kill("SIGTERM");
    } catch { /* gone */ }
    await server.status;
    await sql.end();
    await pg.stop();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
});

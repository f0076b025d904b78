/**
 * The clip job end to end on PGlite and PostgreSQL: a recorded shot's
 * outbox fact makes its clip row and KV job; the worker cuts (a fake SFU
 * answering a real ffmpeg clip), makes a JPEG poster, stores both, marks the
 * clip ready. A run that dies between steps is finished by another worker
 * once its lease ends, without orphans; a window the SFU never has fails the
 * clip after the retries, touching nothing else.
 */
import assert from "node:assert/strict";
import { DomainError } from "../../core/errors.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { recordShot } from "../shots/record.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createTestApp } from "../testing.ts";
import { getClipOfShot } from "./repo.ts";
import type { ClipStep } from "./job.ts";
import { createClipWorker } from "./worker.ts";
import { testClip } from "./test_clip.ts";

async function filesIn(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) names.push(e.name);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return names.sort();
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`clip job on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { deps, sfu } = app;
    const clips = deps.clips!;
    const dir = deps.config.CLIP_DIR!;
    const cuts: { fromMs: number; toMs: number }[] = [];
    sfu.cutClip = async (_lane, window) => {
      cuts.push(window);
      return await testClip(window);
    };
    const record = async (id: string) => {
      await recordShot(deps.db.sql, {}, "1", testShotReport(id));
      await app.outbox.drain();
    };
    try {
      await t.step(
        "a recorded shot gets a ready clip of its window with a JPEG poster",
        async () => {
          await record("clipshot-0001");
          const pending = await getClipOfShot(deps.db.sql, "clipshot-0001");
          assert.equal(pending?.state, "pending");
          assert.deepEqual([pending!.fromMs, pending!.toMs], [
            1_800_000_000_000 - 1000,
            1_800_000_004_000 + 1500,
          ]);
          assert.ok(await clips.worker.queue.get(pending!.id));

          await clips.worker.drain();
          const clip = await getClipOfShot(deps.db.sql, "clipshot-0001");
          assert.equal(clip?.state, "ready");
          assert.equal(clip?.durationMs, 1000);
          assert.deepEqual(cuts, [{ fromMs: pending!.fromMs, toMs: pending!.toMs }]);
          assert.deepEqual(await filesIn(dir), [`${clip!.id}.jpg`, `${clip!.id}.webm`]);
          const poster = await Deno.readFile(`${dir}/${clip!.id}.jpg`);
          assert.deepEqual([...poster.slice(0, 2)], [0xff, 0xd8]);
          assert.equal(await clips.worker.queue.get(clip!.id), null);
        },
      );

      for (
        const [step, cutsExpected] of [["cut", 2], ["stored", 2], ["checkpointed", 1]] as const
      ) {
        await t.step(
          `a worker dying after "${step}" is finished by the next one once its lease ends, without orphans`,
          async () => {
            cuts.length = 0;
            const id = `crash-${step}`.padEnd(12, "x");
            await record(id);
            let now = Date.now();
            const options = {
              sql: deps.db.sql,
              kv: deps.kv,
              sfu,
              store: clips.store,
              leaseMs: 60_000,
              now: () => now,
              log: () => {},
            };
            let died!: () => void;
            const dead = new Promise<void>((resolve) => (died = resolve));
            const dying = createClipWorker({
              ...options,
              onStep: (at: ClipStep) => {
                if (at !== step) return;
                died();
                return new Promise<void>(() => {}); // never goes on: the process "died" here
              },
            });
            const before = await filesIn(dir);
            void dying.step();
            await dead;
            assert.equal(cuts.length, 1, "the dying worker cut the clip");
            const next = createClipWorker(options);
            assert.equal(await next.step(), "idle", "the job is leased to the dead worker");
            now += 61_000;
            assert.equal(await next.step(), "ready");
            const clip = await getClipOfShot(deps.db.sql, id);
            assert.equal(clip?.state, "ready");
            assert.equal(cuts.length, cutsExpected);
            const added = (await filesIn(dir)).filter((n) => !before.includes(n));
            assert.deepEqual(added, [`${clip!.id}.jpg`, `${clip!.id}.webm`]);
          },
        );
      }

      await t.step(
        "a window the SFU never has fails the clip after the retries; other clips are untouched",
        async () => {
          const ready = await getClipOfShot(deps.db.sql, "clipshot-0001");
          sfu.cutClip = (lane) =>
            Promise.reject(
              new DomainError("replay_window_gone", `Lane "${lane}" no longer holds that window`),
            );
          await record("gone-window-1");
          await clips.worker.drain();
          const failed = await getClipOfShot(deps.db.sql, "gone-window-1");
          assert.equal(failed?.state, "failed");
          assert.match(failed!.failureReason!, /no longer holds/);
          assert.equal(await clips.worker.queue.get(failed!.id), null);
          assert.deepEqual(await getClipOfShot(deps.db.sql, "clipshot-0001"), ready);
          const [{ n }] = await deps.db.sql<{ n: number }[]>`select count(*)::int as n from shots`;
          assert.equal(n, 5);
        },
      );

      await t.step("a refusal no retry can fix fails the clip at the first attempt", async () => {
        let calls = 0;
        sfu.cutClip = () => {
          calls++;
          return Promise.reject(new DomainError("clip_too_long", "Clips are at most 30 s"));
        };
        await record("too-long-01");
        await clips.worker.drain();
        assert.equal(calls, 1);
        assert.equal((await getClipOfShot(deps.db.sql, "too-long-01"))?.state, "failed");
      });

      await t.step("a job that runs before its clip row commits waits for the row", async () => {
        sfu.cutClip = async (_lane, window) => await testClip(window);
        const id = crypto.randomUUID();
        await clips.worker.queue.enqueue(id);
        assert.equal(await clips.worker.step(), "retry");
        assert.ok(await clips.worker.queue.get(id), "the job is still queued");
        await deps.db.sql`
          insert into clips (id, shot_id, lane_id, from_ms, to_ms)
          values (${id}, null, '1', 1000, 2000)`;
        assert.equal(await clips.worker.step(), "ready");
        const [{ state }] = await deps.db.sql<{ state: string }[]>`
          select state from clips where id = ${id}`;
        assert.equal(state, "ready");
      });

      await t.step("pending clips whose job was lost are queued again", async () => {
        sfu.cutClip = async (_lane, window) => await testClip(window);
        await recordShot(deps.db.sql, {}, "1", testShotReport("lost-job-01"));
        await app.outbox.drain();
        const clip = await getClipOfShot(deps.db.sql, "lost-job-01");
        const job = await clips.worker.queue.claim(1);
        assert.ok(job);
        await clips.worker.queue.finish(job);
        assert.equal(await clips.worker.requeuePending(), 1);
        await clips.worker.drain();
        assert.equal((await getClipOfShot(deps.db.sql, "lost-job-01"))?.state, "ready");
        assert.equal(clip?.state, "pending");
      });
    } finally {
      await app.close();
    }
  });
}

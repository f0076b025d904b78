/**
 * Video upload and analysis jobs on PGlite and PostgreSQL, with a stand-in
 * for the analyzer subprocess: files are judged by their bytes and ffprobe
 * (an AVI named .mp4 is taken, text named .mp4 or an MP4 header over noise
 * refused, a truncated or empty file refused), corners clicked on the first
 * frame become the calibration (bad ones are 400), size and per-user limits
 * hold, names never reach the disk,
 * only the owner and staff see a job, cancelling deletes the file, and the
 * start-up sweep clears what a crash left.
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createAnalyze } from "../analyze/service.ts";
import { type RunInput, type RunOutput, RunStopped } from "../analyze/runner.ts";
import { testPatternVideo, videoForm } from "../analyze/test_videos.ts";
import { createTestApp } from "../testing.ts";
import { expectJson, expectProblem } from "../users/testing.ts";
import { testShotReport } from "../shots/test_report.ts";
import { readUntil, sseEvents } from "../markets/test_fixture.ts";
import { cutPosters } from "../analyze/posters.ts";
import { calibrationFromCorners, simLaneCorners } from "../../core/lane_corners.ts";

/** The uploads in `dir` (its `posters/` folder holds the shots' poster frames). */
const files = (dir: string) =>
  [...Deno.readDirSync(dir)].filter((e) => e.isFile).map((e) => e.name).sort();

for (const kind of TEST_DB_KINDS) {
  Deno.test(`video analysis uploads and jobs on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const dir = await Deno.makeTempDir({ prefix: "lanecast-analyze-test-" });
    const work = await Deno.makeTempDir();
    const runs: RunInput[] = [];
    let gate: Promise<void> = Promise.resolve();
    const run = async (input: RunInput): Promise<RunOutput> => {
      runs.push(input);
      input.onProgress?.(0.5);
      await gate;
      if (input.signal?.aborted) {
        throw new RunStopped("analysis_cancelled", "The analysis was cancelled");
      }
      const report = testShotReport("lane-video-1", { standingBefore: 1023, standing: 0 });
      return {
        t0Ms: 1_800_000_000_000,
        shots: [report],
        models: { ball: "b", pins: "p" },
        frames: 10,
      };
    };
    const config = {
      ...app.deps.config,
      ANALYZE_DIR: dir,
      ANALYZE_MAX_BYTES: 300_000,
      ANALYZE_MAX_JOBS_PER_USER: 2,
    };
    app.deps.analyze = await createAnalyze({
      config,
      kv: app.deps.kv,
      sql: app.deps.db.sql,
      run,
      live: app.deps.live,
      log: () => {},
    });
    const analyze = app.deps.analyze;
    const mp4 = await testPatternVideo(`${work}/a.mp4`, "mp4");
    const avi = await testPatternVideo(`${work}/a.avi`, "avi");
    const alice = await app.as("spectator", "alice");
    const bob = await app.as("bettor", "bob");
    const staff = await app.as("staff", "desk");
    const upload = (
      who: { headers: Record<string, string> } | null,
      body: BodyInit,
      headers = {},
    ) =>
      app.app.request("/api/analyze", {
        method: "POST",
        body,
        headers: { ...who?.headers, ...headers },
      });
    const get = (who: { headers: Record<string, string> }, id: string, method = "GET") =>
      app.app.request(`/api/analyze/${id}`, { method, headers: who.headers });
    try {
      await t.step(
        "the owner's own live stream carries the job as it is queued, moves on and ends",
        async () => {
          const { ticket } = await expectJson(
            await app.app.request("/api/live/tickets", { method: "POST", headers: alice.headers }),
            201,
          );
          const ac = new AbortController();
          const stream = await app.app.request(`/api/me/live?ticket=${ticket}`, {
            signal: ac.signal,
          });
          assert.equal(stream.status, 200);
          const reader = stream.body!.getReader();
          try {
            const { job } = await expectJson(await upload(alice, videoForm(mp4, "live.mp4")), 202);
            await analyze.worker.drain();
            const text = await readUntil(
              reader,
              (s) => /"state":"done"/.test(s),
            );
            const seen = sseEvents(text).filter((e) => e.type === "analysis")
              .map((e) => e.data as { id: string; state: string; progress: number; path?: string });
            assert.ok(seen.every((j) => j.id === job.id && j.path === undefined));
            assert.deepEqual(
              [...new Set(seen.map((j) => j.state))],
              ["queued", "running", "done"],
            );
            assert.ok(seen.some((j) => j.state === "running" && j.progress === 0.5));
          } finally {
            ac.abort();
            await reader.cancel().catch(() => {});
          }
          await expectProblem(
            await app.app.request(`/api/me/live?ticket=${ticket}`),
            401,
            "live_ticket_invalid",
          );
          await expectProblem(await app.app.request("/api/me/live"), 400, "invalid_request");
        },
      );

      await t.step(
        "an MP4 is queued (202) under a generated name, whatever name it came with",
        async () => {
          const res = await upload(alice, videoForm(mp4, "../../etc/passwd.mp4", { laneId: "1" }));
          const { job } = await expectJson(res, 202);
          assert.equal(job.state, "queued");
          assert.equal(job.laneId, "1");
          assert.deepEqual(job.metadata, {
            duration_seconds: 1,
            format: "mp4",
            width: 160,
            height: 120,
            fps: 10,
          });
          assert.equal(job.path, undefined);
          assert.deepEqual(await files(dir), [`${job.id}.mp4`]);
          await analyze.worker.drain();
          const done = await expectJson(await get(alice, job.id), 200);
          assert.equal(done.job.state, "done");
          assert.equal(done.job.progress, 1);
          assert.equal(done.result.status, "SUCCEEDED");
          assert.equal(done.result.jobId, job.id);
          assert.equal(done.result.shots[0].strike, true);
          const labels = done.result.labels.map((l: { label: string }) => l.label);
          assert.deepEqual(labels, ["Ball release", "Strike"]);
          assert.deepEqual(done.result.labels[1].timestamps, [4]);
          assert.deepEqual(await files(dir), [], "the file is deleted once the job is done");
        },
      );

      await t.step(
        "four corners clicked on the first frame become the lane calibration the analyzer gets",
        async () => {
          const corners = JSON.stringify(simLaneCorners());
          const res = await upload(alice, videoForm(mp4, "corners.mp4", { corners }));
          const { job } = await expectJson(res, 202);
          assert.equal(job.laneId, null);
          assert.equal(job.calibrationSource, "corners");
          await analyze.worker.drain();
          assert.deepEqual(
            runs.at(-1)!.calibration,
            calibrationFromCorners(simLaneCorners(), 160, 120),
            "in the video's own pixels, like a lane's clicked calibration",
          );
          const done = await expectJson(await get(alice, job.id), 200);
          assert.deepEqual(
            [done.result.lane_fit.width, done.result.lane_fit.height],
            [160, 120],
            "the result carries the corners' lane fit, to draw the shots' paths",
          );
          const named = await expectJson(
            await upload(
              alice,
              videoForm(mp4, "l.mp4", {
                laneId: "1",
              }),
            ),
            202,
          );
          assert.equal(named.job.calibrationSource, "lane");
          await analyze.worker.drain();
          assert.deepEqual(await files(dir), []);
        },
      );

      await t.step(
        "corners that are not a lane, or beside a laneId, are 400 with their own codes",
        async () => {
          const [a, b, c, d] = simLaneCorners();
          const cases: [Record<string, string>, string][] = [
            [{ corners: JSON.stringify([a, b, c, d]), laneId: "1" }, "lane_corners_with_lane"],
            [{ corners: "four corners" }, "lane_corners_invalid"],
            [{ corners: JSON.stringify([a, b, c]) }, "lane_corners_invalid"],
            [{ corners: JSON.stringify([a, b, c, { x: 1.5, y: 0.1 }]) }, "lane_corners_invalid"],
            [{ corners: JSON.stringify([a, c, b, d]) }, "lane_corners_not_convex"],
            [{ corners: JSON.stringify([b, a, d, c]) }, "lane_corners_mirrored"],
          ];
          for (const [fields, code] of cases) {
            await expectProblem(await upload(alice, videoForm(mp4, "x.mp4", fields)), 400, code);
          }
          assert.deepEqual(await files(dir), [], "each refusal deleted its upload");
        },
      );

      await t.step(
        "a shot's poster frame is there for the owner and staff; to others it does not exist",
        async () => {
          const { job } = await expectJson(await upload(alice, videoForm(mp4, "p.mp4")), 202);
          await analyze.worker.drain();
          // The stand-in's shot is past this 1 s video's end: cut one the job could not.
          assert.equal(await cutPosters(`${work}/a.mp4`, dir, job.id, [0.5]), 1);
          const poster = (who: { headers: Record<string, string> }, i: number) =>
            app.app.request(`/api/analyze/${job.id}/shots/${i}/poster`, { headers: who.headers });
          for (const who of [alice, staff]) {
            const res = await poster(who, 0);
            assert.equal(res.status, 200);
            assert.equal(res.headers.get("content-type"), "image/jpeg");
            const bytes = new Uint8Array(await res.arrayBuffer());
            assert.deepEqual([...bytes.slice(0, 2)], [0xff, 0xd8], "a JPEG");
          }
          await expectProblem(await poster(bob, 0), 404, "unknown_analysis");
          await expectProblem(await poster(alice, 1), 404, "unknown_poster");
          await expectProblem(
            await app.app.request(`/api/analyze/${job.id}/shots/-1/poster`, {
              headers: alice.headers,
            }),
            400,
            "invalid_request",
          );
        },
      );

      await t.step("an AVI named .mp4 is taken as AVI", async () => {
        const { job } = await expectJson(await upload(alice, videoForm(avi, "clip.mp4")), 202);
        assert.equal(job.metadata.format, "avi");
        await analyze.worker.drain();
        assert.deepEqual(await files(dir), []);
      });

      await t.step(
        "a text file named .mp4 is 415 video_type_unsupported and leaves no file",
        async () => {
          const text = new TextEncoder().encode(
            "this is not a video, whatever its name says\n".repeat(4),
          );
          await expectProblem(
            await upload(alice, videoForm(text, "x.mp4")),
            415,
            "video_type_unsupported",
          );
          assert.deepEqual(await files(dir), []);
        },
      );

      await t.step(
        "an MP4's first bytes followed by noise is 422 video_unreadable: the magic is not enough",
        async () => {
          const liar = new Uint8Array(50_000);
          crypto.getRandomValues(liar.subarray(0, 40_000));
          liar.set(mp4.subarray(0, 32));
          await expectProblem(
            await upload(alice, videoForm(liar, "liar.mp4")),
            422,
            "video_unreadable",
          );
          assert.deepEqual(await files(dir), []);
        },
      );

      await t.step(
        "names with path tricks never reach the disk: the stored name is generated",
        async () => {
          for (
            const name of [
              "/etc/cron.d/evil.mp4",
              "..\\..\\windows\\evil.mp4",
              "%2e%2e%2fevil.mp4",
              `${"a".repeat(3000)}.mp4`,
            ]
          ) {
            const { job } = await expectJson(await upload(alice, videoForm(mp4, name)), 202);
            assert.match(job.id, /^[0-9a-f-]{36}$/);
            assert.deepEqual(await files(dir), [`${job.id}.mp4`], name.slice(0, 40));
            await analyze.worker.drain();
          }
          assert.deepEqual(await files(dir), []);
        },
      );

      await t.step(
        "a truncated MP4 is 422 video_unreadable and an empty file 400 video_missing",
        async () => {
          await expectProblem(
            await upload(alice, videoForm(mp4.slice(0, mp4.length / 2), "x.mp4")),
            422,
            "video_unreadable",
          );
          await expectProblem(
            await upload(alice, videoForm(new Uint8Array(), "x.mp4")),
            400,
            "video_missing",
          );
          await expectProblem(await upload(alice, new FormData()), 400, "video_missing");
          assert.deepEqual(await files(dir), []);
        },
      );

      await t.step(
        "a file over ANALYZE_MAX_BYTES is 413 video_too_large, streamed or declared",
        async () => {
          const big = new Uint8Array(400_000);
          big.set(mp4);
          await expectProblem(
            await upload(alice, videoForm(big, "big.mp4")),
            413,
            "video_too_large",
          );
          const stream = new Request("http://x", {
            method: "POST",
            body: videoForm(big, "big.mp4"),
          });
          const res = await upload(alice, stream.body!, {
            "content-type": stream.headers.get("content-type")!,
          });
          await expectProblem(res, 413, "video_too_large");
          assert.deepEqual(await files(dir), []);
        },
      );

      await t.step("not multipart is 415, no sign-in 401, an unknown lane 404", async () => {
        await expectProblem(
          await upload(alice, "{}", { "content-type": "application/json" }),
          415,
          "upload_not_multipart",
        );
        await expectProblem(await upload(null, videoForm(mp4, "a.mp4")), 401, null);
        await expectProblem(
          await upload(alice, videoForm(mp4, "a.mp4", { laneId: "nope" })),
          404,
          "unknown_lane",
        );
        assert.deepEqual(await files(dir), []);
      });

      let running = "";
      await t.step(
        "a user may have two unfinished jobs; the third is 429 with Retry-After",
        async () => {
          let open!: () => void;
          gate = new Promise((r) => (open = r));
          const a = (await expectJson(await upload(bob, videoForm(mp4, "a.mp4")), 202)).job;
          const b = (await expectJson(await upload(bob, videoForm(mp4, "b.mp4")), 202)).job;
          const res = await upload(bob, videoForm(mp4, "c.mp4"));
          assert.equal(res.headers.get("retry-after"), "30");
          await expectProblem(res, 429, "too_many_analyze_jobs");
          assert.equal(await analyze.jobs.activeCount(bob.id), 2);
          const draining = analyze.worker.drain();
          while ((await analyze.jobs.get(a.id))?.progress !== 0.5) {
            await new Promise((r) => setTimeout(r, 10));
          }
          running = a.id;
          const seen = await expectJson(await get(bob, a.id), 200);
          assert.equal(seen.job.state, "running");
          assert.equal(seen.job.progress, 0.5);
          const cancelled = await expectJson(await get(bob, b.id, "DELETE"), 200);
          assert.equal(cancelled.job.state, "cancelled");
          assert.deepEqual(
            await files(dir),
            [`${a.id}.mp4`],
            "the cancelled job's file is gone at once",
          );
          const stopping = await expectJson(await get(bob, a.id, "DELETE"), 200);
          assert.equal(stopping.job.state, "running", "a running job stops when its run does");
          open();
          await draining;
          gate = Promise.resolve();
          const stopped = await expectJson(await get(bob, a.id), 200);
          assert.equal(stopped.job.state, "cancelled");
          assert.equal(stopped.job.error.code, "analysis_cancelled");
          assert.equal(stopped.result, null);
          assert.deepEqual(await files(dir), [], "the cancelled running job's file is gone");
          assert.equal(await analyze.jobs.activeCount(bob.id), 0);
          await expectProblem(await get(bob, a.id, "DELETE"), 409, "analysis_finished");
        },
      );

      await t.step("only the owner and staff see a job; to others it does not exist", async () => {
        await expectProblem(await get(alice, running), 404, "unknown_analysis");
        await expectProblem(await get(alice, running, "DELETE"), 404, "unknown_analysis");
        assert.equal((await expectJson(await get(staff, running), 200)).job.state, "cancelled");
        await expectProblem(await get(alice, "not-a-job"), 404, "unknown_analysis");
      });

      await t.step(
        "the start-up sweep fails jobs a crash left running and deletes stray files",
        async () => {
          const { job } = await expectJson(await upload(alice, videoForm(mp4, "a.mp4")), 202);
          const claimed = await analyze.jobs.claim(); // as if a worker took it, then died
          assert.equal(claimed?.id, job.id);
          await Deno.writeFile(`${dir}/stray.part`, new Uint8Array(10));
          // A stray file is deleted once it is old (a young one may be an upload arriving).
          await Deno.writeFile(`${dir}/arriving.part`, new Uint8Array(10));
          const old = new Date(Date.now() - 20 * 60_000);
          await Deno.utime(`${dir}/stray.part`, old, old);
          await analyze.worker.sweep();
          const after = await expectJson(await get(alice, job.id), 200);
          assert.equal(after.job.state, "failed");
          assert.equal(after.job.error.code, "analysis_interrupted");
          assert.deepEqual(await files(dir), ["arriving.part"]);
          await Deno.remove(`${dir}/arriving.part`);
        },
      );
    } finally {
      await analyze.worker.stop();
      await app.close();
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(work, { recursive: true });
    }
  });
}

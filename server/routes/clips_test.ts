/**
 * Clip routes on PGlite and PostgreSQL: each shot's `clip` in the lane's
 * shot list and on the session sheet, the signed media URLs of the local
 * store (ranges, expired and tampered signatures), staff keep / custom clips
 * / highlights, retention leaving kept clips, and bad input refused with
 * nothing else changed.
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { sweepClips } from "../clips/retention.ts";
import type { LocalClipStore } from "../clips/store.ts";
import { testClip } from "../clips/test_clip.ts";
import type { SqlOrTx } from "../db.ts";
import type { ReplayBufferWindow, SfuClient } from "../sfu_client.ts";
import { recordShot } from "../shots/record.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createTestApp } from "../testing.ts";
import { expectJson, expectProblem } from "../users/testing.ts";

/** A digest of the clip, shot and audit tables: equal before and after means nothing changed. */
async function fingerprint(sql: SqlOrTx): Promise<string> {
  const [row] = await sql<{ clips: string | null; shots: string | null; audit: string | null }[]>`
    select
      (select md5(string_agg(c::text, '|' order by c.id)) from clips c) as clips,
      (select md5(string_agg(s::text, '|' order by s.id)) from shots s) as shots,
      (select md5(string_agg(a::text, '|' order by a.id)) from audit_log a) as audit`;
  return `${row.clips}/${row.shots}/${row.audit}`;
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`clip routes on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { deps, sfu } = app;
    const sql = deps.db.sql;
    sfu.cutClip = async (_lane, window) => await testClip(window);
    const setBuffer = (w: ReplayBufferWindow) =>
      (sfu as SfuClient).bufferWindow = () => Promise.resolve(w);
    const req = (path: string, init: RequestInit = {}) => app.app.request(path, init);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      req(`/api${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    const staff = await app.as("staff");
    const spectator = await app.as("spectator");
    try {
      const sheet = await expectJson(
        await post("/lanes/1/sessions", { bowlers: [{ name: "Ada" }] }, staff.headers),
        201,
      );
      await recordShot(sql, {}, "1", testShotReport("routeshot-01"));
      await app.outbox.drain();

      await t.step(
        "a shot's clip is pending until the job stores it, then ready with signed URLs, announced live",
        async () => {
          const [shot] = await expectJson(await req("/api/lanes/1/shots"), 200);
          assert.equal(shot.id, "routeshot-01");
          assert.deepEqual(shot.clip, {
            state: "pending",
            url: null,
            posterUrl: null,
            durationMs: null,
            kept: false,
          });
          const seen: { type: string; data: unknown }[] = [];
          const stop = deps.live.subscribe("1", (e) => seen.push(e));
          await deps.clips!.worker.drain();
          stop();
          const event = seen.find((e) => e.type === "clip")?.data as
            | { shotId: string; clip: { state: string } }
            | undefined;
          assert.equal(event?.shotId, "routeshot-01", "the lane's live feed hears of the clip");
          assert.equal(event?.clip.state, "ready");
          const [ready] = await expectJson(await req("/api/lanes/1/shots"), 200);
          assert.equal(ready.clip.state, "ready");
          assert.equal(ready.clip.durationMs, 1000);
          assert.match(
            ready.clip.url,
            /^\/media\/clips\/[0-9a-f-]{36}\.webm\?exp=\d+&sig=[\w-]{43}$/,
          );
          assert.match(ready.clip.posterUrl, /\.jpg\?exp=/);
          const one = await expectJson(await req("/api/shots/routeshot-01/clip"), 200);
          assert.equal(one.state, "ready");
        },
      );

      await t.step("the session sheet shows the clip of each ball's shot", async () => {
        const got = await expectJson(await req(`/api/sessions/${sheet.id}`), 200);
        const ball = got.bowlers[0].frames[0].balls[0];
        assert.equal(ball.shotId, "routeshot-01");
        assert.equal(ball.clip.state, "ready");
        assert.match(ball.clip.url, /\/media\/clips\//);
      });

      await t.step("a signed media URL serves the clip whole and by byte ranges", async () => {
        const { url } = await expectJson(await req("/api/shots/routeshot-01/clip"), 200);
        const clip = await testClip({ fromMs: 0, toMs: 1 });
        const whole = await req(url);
        assert.equal(whole.status, 200);
        assert.equal(whole.headers.get("content-type"), "video/webm");
        assert.equal(whole.headers.get("accept-ranges"), "bytes");
        assert.deepEqual(new Uint8Array(await whole.arrayBuffer()), clip.bytes);
        const part = await req(url, { headers: { range: "bytes=10-19" } });
        assert.equal(part.status, 206);
        assert.equal(part.headers.get("content-range"), `bytes 10-19/${clip.bytes.length}`);
        assert.deepEqual(new Uint8Array(await part.arrayBuffer()), clip.bytes.slice(10, 20));
        const tail = await req(url, { headers: { range: "bytes=-5" } });
        assert.equal(tail.status, 206);
        assert.deepEqual(new Uint8Array(await tail.arrayBuffer()), clip.bytes.slice(-5));
        const past = await req(url, { headers: { range: `bytes=${clip.bytes.length}-` } });
        await expectProblem(past, 416, "range_not_satisfiable");
        assert.equal(past.headers.get("content-range"), `bytes */${clip.bytes.length}`);
      });

      await t.step("tampered, unsigned and expired media URLs are refused with 403", async () => {
        const { url, posterUrl } = await expectJson(await req("/api/shots/routeshot-01/clip"), 200);
        const u = new URL(url, "http://x");
        const name = u.pathname.split("/").pop()!;
        const exp = u.searchParams.get("exp")!;
        const sig = u.searchParams.get("sig")!;
        const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        const flip = (i: number, bit: number) =>
          sig.slice(0, i) + B64[B64.indexOf(sig.at(i)!) ^ bit] + sig.slice(i + 1);
        // The last character's lowest bits are padding: the same MAC spelled another way.
        for (const flipped of [flip(0, 1), flip(42, 1), flip(42, 2)]) {
          await expectProblem(
            await req(`/media/clips/${name}?exp=${exp}&sig=${flipped}`),
            403,
            "clip_url_invalid",
          );
        }
        await expectProblem(
          await req(`/media/clips/${name}?exp=${Number(exp) + 1}&sig=${sig}`),
          403,
          "clip_url_invalid",
        );
        const poster = new URL(posterUrl, "http://x").pathname.split("/").pop()!;
        await expectProblem(
          await req(`/media/clips/${poster}?exp=${exp}&sig=${sig}`),
          403,
          "clip_url_invalid",
        );
        await expectProblem(await req(`/media/clips/${name}`), 403, "clip_url_invalid");
        const store = deps.clips!.store as LocalClipStore;
        const past = Math.floor(Date.now() / 1000) - 1;
        const oldSig = await store.signer.sign(name, past);
        await expectProblem(
          await req(`/media/clips/${name}?exp=${past}&sig=${oldSig}`),
          403,
          "clip_url_expired",
        );
        await expectProblem(
          await req(`/media/clips/..%2F..%2Fetc%2Fpasswd?exp=${exp}&sig=${sig}`),
          403,
          "clip_url_invalid",
        );
      });

      await t.step(
        "unknown shot ids are 404 and staff-only routes refuse others, changing nothing",
        async () => {
          const before = await fingerprint(sql);
          await expectProblem(await req("/api/shots/no-such-shot/clip"), 404, "unknown_shot");
          await expectProblem(
            await req(`/api/shots/${"x".repeat(65)}/clip`),
            400,
            "invalid_request",
          );
          await expectProblem(
            await post("/staff/shots/no-such-shot/clip/keep", { kept: true }, staff.headers),
            404,
            "unknown_shot",
          );
          await expectProblem(
            await post("/staff/shots/routeshot-01/clip/keep", { kept: true }, spectator.headers),
            403,
            "forbidden",
          );
          await expectProblem(
            await post("/staff/shots/routeshot-01/clip/keep", { kept: true }),
            401,
            null,
          );
          await expectProblem(
            await post("/staff/shots/routeshot-01/clip/keep", { kept: "yes" }, staff.headers),
            400,
            "invalid_request",
          );
          await expectProblem(
            await req("/api/staff/highlights", { headers: spectator.headers }),
            403,
            "forbidden",
          );
          assert.equal(await fingerprint(sql), before);
        },
      );

      await t.step(
        "staff keep a shot's clip; retention expires other old clips and leaves it",
        async () => {
          await recordShot(sql, {}, "1", testShotReport("routeshot-02"));
          await app.outbox.drain();
          await deps.clips!.worker.drain();
          const kept = await expectJson(
            await post("/staff/shots/routeshot-01/clip/keep", { kept: true }, staff.headers),
            200,
          );
          assert.equal(kept.kept, true);
          assert.equal(kept.state, "ready");
          const [{ n }] = await sql<{ n: number }[]>`
          select count(*)::int as n from audit_log where action = 'clip.keep'`;
          assert.equal(n, 1);
          await sql`update clips set ready_at = now() - interval '31 days'`;
          const files = async () => [...Deno.readDirSync(deps.config.CLIP_DIR!)].length;
          assert.equal(await files(), 4);
          assert.equal(await sweepClips({ sql, clips: deps.clips!, days: 30 }), 1);
          assert.equal(await files(), 2);
          const gone = await expectJson(await req("/api/shots/routeshot-02/clip"), 200);
          assert.deepEqual([gone.state, gone.url], ["expired", null]);
          const still = await expectJson(await req("/api/shots/routeshot-01/clip"), 200);
          assert.equal(still.state, "ready");
          assert.equal((await req(still.url)).status, 200);
          assert.equal(await sweepClips({ sql, clips: deps.clips!, days: 30 }), 0);
        },
      );

      await t.step(
        "staff cut a custom clip of a window in the buffer; it is listed as a highlight",
        async () => {
          const now = Date.now();
          setBuffer({ fromMs: now - 60_000, toMs: now, bytes: 1, packets: 1 });
          const made = await expectJson(
            await post("/staff/lanes/1/clips", {
              fromMs: now - 20_000,
              toMs: now - 5_000,
              label: "Big hook",
            }, staff.headers),
            202,
          );
          assert.equal(made.clip.state, "pending");
          assert.equal(made.shotId, null);
          await deps.clips!.worker.drain();
          const list = await expectJson(
            await req("/api/staff/highlights", { headers: staff.headers }),
            200,
          );
          assert.deepEqual(list.map((h: { label: string | null }) => h.label), ["Big hook", null]);
          assert.equal(list[0].clip.state, "ready");
          assert.equal(list[1].shotId, "routeshot-01");
        },
      );

      await t.step(
        "custom clips outside the buffer, too long, backwards or on unknown lanes are refused, changing nothing",
        async () => {
          const now = Date.now();
          setBuffer({ fromMs: now - 60_000, toMs: now, bytes: 1, packets: 1 });
          const before = await fingerprint(sql);
          const gone = await expectProblem(
            await post(
              "/staff/lanes/1/clips",
              { fromMs: now - 90_000, toMs: now - 80_000 },
              staff.headers,
            ),
            409,
            "replay_window_gone",
          );
          assert.deepEqual(gone.buffer, { fromMs: now - 60_000, toMs: now });
          await expectProblem(
            await post(
              "/staff/lanes/1/clips",
              { fromMs: now - 10_000, toMs: now + 5_000 },
              staff.headers,
            ),
            409,
            "replay_window_gone",
          );
          await expectProblem(
            await post(
              "/staff/lanes/1/clips",
              { fromMs: now - 50_000, toMs: now - 1_000 },
              staff.headers,
            ),
            400,
            "clip_too_long",
          );
          await expectProblem(
            await post(
              "/staff/lanes/1/clips",
              { fromMs: now - 1_000, toMs: now - 2_000 },
              staff.headers,
            ),
            400,
            "invalid_clip_window",
          );
          await expectProblem(
            await post(
              "/staff/lanes/99/clips",
              { fromMs: now - 2_000, toMs: now - 1_000 },
              staff.headers,
            ),
            404,
            "unknown_lane",
          );
          await expectProblem(
            await post(
              "/staff/lanes/1/clips",
              { fromMs: now - 2_000, toMs: now - 1_000, extra: 1 },
              staff.headers,
            ),
            400,
            "invalid_request",
          );
          await expectProblem(
            await post(
              "/staff/lanes/1/clips",
              { fromMs: now - 2_000, toMs: now - 1_000 },
              spectator.headers,
            ),
            403,
            "forbidden",
          );
          setBuffer({ fromMs: null, toMs: null, bytes: 0, packets: 0 });
          await expectProblem(
            await post(
              "/staff/lanes/2/clips",
              { fromMs: now - 2_000, toMs: now - 1_000 },
              staff.headers,
            ),
            409,
            "replay_window_gone",
          );
          assert.equal(await fingerprint(sql), before);
        },
      );
    } finally {
      await app.close();
    }
  });
}

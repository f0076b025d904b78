/**
 * Share links (issue 14): who may make one, what a link plays (public, no
 * account), and staff revoking one (its page, API and media answer 410).
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { testClip } from "../clips/test_clip.ts";
import { bowlerShot, fakeClipView } from "../shares/testing.ts";
import { SHARES_PER_HOUR } from "../shares/service.ts";
import { createTestApp } from "../testing.ts";
import { expectJson, expectProblem } from "../users/testing.ts";

const SHOT = "share-shot-0001";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`share links on ${kind}`, async (t) => {
    const app = await createTestApp(kind, { PUBLIC_URL: "https://alley.example" });
    const clips = fakeClipView(app);
    const req = (path: string, init: RequestInit = {}) => app.app.request(path, init);
    const share = (headers: Record<string, string>, shot = SHOT) =>
      req(`/api/shots/${shot}/shares`, { method: "POST", headers });
    try {
      const { staff, bowler } = await bowlerShot(app, SHOT);

      await t.step("the shot's bowler gets a link on the public site and its QR code", async () => {
        const made = await expectJson(await share(bowler.headers), 201);
        assert.match(made.token, /^[A-Za-z0-9_-]{43}$/);
        assert.equal(made.url, `https://alley.example/s/${made.token}`);
        assert.match(made.qrSvg, /^<svg[^>]*>/);
        const [stored] = await app.deps.db.sql<{ token_hash: string }[]>`
          select token_hash from clip_shares where id = ${made.id}`;
        assert.notEqual(stored.token_hash, made.token, "only the token's hash is stored");
      });

      await t.step("staff may share any shot; everyone else is refused", async () => {
        await expectJson(await share(staff.headers), 201);
        const stranger = await app.as("spectator", "stranger");
        await expectProblem(await share(stranger.headers), 403, "shot_not_yours");
        const bettor = await app.as("bettor", "punter");
        await expectProblem(await share(bettor.headers), 403, "shot_not_yours");
        await expectProblem(await share({}), 401, "unauthenticated");
        await expectProblem(await share(bowler.headers, "no-such-shot-01"), 404, "unknown_shot");
        await expectProblem(await share(bowler.headers, "bad%20id"), 404, "unknown_shot");
        const [{ n }] = await app.deps.db.sql<{ n: number }[]>`
          select count(*)::int as n from clip_shares`;
        assert.equal(n, 2, "refusals stored nothing");
      });

      await t.step(
        "a link plays without an account, through the share's own media addresses",
        async () => {
          const { token } = await expectJson(await share(bowler.headers), 201);
          const body = await expectJson(await req(`/api/shares/${token}`), 200);
          assert.deepEqual(body, {
            shotId: SHOT,
            laneId: "1",
            clip: {
              ...clips.clip,
              url: `/s/${token}/clip`,
              posterUrl: `/s/${token}/poster`,
            },
          });
          const page = await req(`/s/${token}`, { headers: { accept: "text/html" } });
          assert.equal(page.status, 200);
          const html = await page.text();
          assert.match(html, new RegExp(`<video[^>]* src="/s/${token}/clip"`));
          const policy = page.headers.get("content-security-policy") ?? "";
          assert.match(policy, /media-src 'self' https:\/\/store\.example/);
          assert.doesNotMatch(policy, /script-src|unsafe-inline/);
          const clip = await req(`/s/${token}/clip`);
          assert.equal(clip.status, 302);
          assert.equal(clip.headers.get("location"), clips.clip.url);
          const poster = await req(`/s/${token}/poster`);
          assert.equal(poster.headers.get("location"), clips.clip.posterUrl);
        },
      );

      await t.step(
        "a pending clip's page says so and refreshes; its media is not ready",
        async () => {
          const { token } = await expectJson(await share(bowler.headers), 201);
          const ready = clips.clip;
          clips.clip = {
            state: "pending",
            url: null,
            posterUrl: null,
            durationMs: null,
            kept: false,
          };
          try {
            const html = await (await req(`/s/${token}`, { headers: { accept: "text/html" } }))
              .text();
            assert.match(html, /http-equiv="refresh"/);
            await expectProblem(await req(`/s/${token}/clip`), 409, "clip_not_ready");
          } finally {
            clips.clip = ready;
          }
        },
      );

      await t.step("request logs never carry a share link's token", async () => {
        const { token } = await expectJson(await share(bowler.headers), 201);
        const logged: string[] = [];
        const log = console.log;
        console.log = (...args: unknown[]) => void logged.push(args.join(" "));
        try {
          await expectJson(await req(`/api/shares/${token}`), 200);
          await expectJson(
            await req(`/api/staff/shares/${token}`, { method: "DELETE", headers: staff.headers }),
            200,
          );
        } finally {
          console.log = log;
        }
        assert.ok(logged.some((line) => line.includes("/api/shares/… 200")), logged.join("\n"));
        assert.ok(!logged.some((line) => line.includes(token)), logged.join("\n"));
      });

      await t.step("one user's share links are limited per hour", async () => {
        const busy = await app.as("staff", "busy-staff");
        await app.deps.db.sql`
          insert into clip_shares (token_hash, shot_id, created_by)
          select substr(md5(i::text) || md5((i + 1000)::text), 1, 43), ${SHOT}, ${busy.id}
          from generate_series(1, ${SHARES_PER_HOUR}) as i`;
        const refused = await share(busy.headers);
        await expectProblem(refused, 429, "too_many_shares");
        assert.ok(Number(refused.headers.get("retry-after")) > 0);
        await expectJson(await share(bowler.headers), 201); // others are not held back
      });

      await t.step("guessed or malformed tokens find nothing", async () => {
        const guess = "A".repeat(43);
        await expectProblem(await req(`/api/shares/${guess}`), 404, "unknown_share");
        await expectProblem(await req(`/api/shares/short`), 404, "unknown_share");
        await expectProblem(await req(`/s/${guess}/clip`), 404, "unknown_share");
        const page = await req(`/s/${guess}`, { headers: { accept: "text/html" } });
        assert.equal(page.status, 404);
        assert.match(await page.text(), /Cannot find this share link/);
      });

      await t.step(
        "staff revoke a link: its page, API and media answer 410 at once, other links play",
        async () => {
          const gone = await expectJson(await share(bowler.headers), 201);
          const kept = await expectJson(await share(bowler.headers), 201);
          const del = (ref: string, headers: Record<string, string>) =>
            req(`/api/staff/shares/${ref}`, { method: "DELETE", headers });
          await expectProblem(await del(gone.token, bowler.headers), 403, "forbidden");
          const revoked = await expectJson(await del(gone.token, staff.headers), 200);
          assert.equal(revoked.id, gone.id);
          assert.ok(revoked.revokedAt);
          await expectProblem(await req(`/api/shares/${gone.token}`), 410, "share_revoked");
          await expectProblem(await req(`/s/${gone.token}/clip`), 410, "share_revoked");
          await expectProblem(await req(`/s/${gone.token}/poster`), 410, "share_revoked");
          const page = await req(`/s/${gone.token}`, { headers: { accept: "text/html" } });
          assert.equal(page.status, 410);
          assert.match(await page.text(), /revoked/);
          await expectProblem(await req(`/s/${gone.token}`), 410, "share_revoked");
          await expectJson(await req(`/api/shares/${kept.token}`), 200);

          // Again (by id this time) answers it as it is; the audit has one entry.
          const again = await expectJson(await del(kept.id, staff.headers), 200);
          assert.equal(again.id, kept.id);
          await expectJson(await del(kept.id, staff.headers), 200);
          const audit = await app.deps.db.sql`
            select target_id from audit_log where action = 'share.revoke'
            and target_id in (${gone.id}, ${kept.id}) order by id`;
          assert.deepEqual(audit.map((r) => r.target_id), [gone.id, kept.id]);
          await expectProblem(await del("A".repeat(43), staff.headers), 404, "unknown_share");
          await expectProblem(await del("nope", staff.headers), 404, "unknown_share");

          const list = await expectJson(
            await req(`/api/staff/shots/${SHOT}/shares`, { headers: staff.headers }),
            200,
          );
          const revokedIds = list.filter((s: { revokedAt: string | null }) => s.revokedAt)
            .map((s: { id: string }) => s.id);
          assert.ok(revokedIds.includes(gone.id) && revokedIds.includes(kept.id));
        },
      );
    } finally {
      await app.close();
    }
  });

  Deno.test(`a share link plays the shot's stored clip, seekable, on ${kind}`, async () => {
    const app = await createTestApp(kind);
    app.sfu.cutClip = (_lane, window) => testClip(window);
    try {
      const { bowler } = await bowlerShot(app, SHOT);
      await app.deps.clips!.worker.drain();
      const made = await expectJson(
        await app.app.request(`/api/shots/${SHOT}/shares`, {
          method: "POST",
          headers: bowler.headers,
        }),
        201,
      );
      const shared = await expectJson(await app.app.request(`/api/shares/${made.token}`), 200);
      assert.equal(shared.clip.state, "ready");
      assert.equal(shared.clip.durationMs, 1000);
      const html = await (await app.app.request(`/s/${made.token}`, {
        headers: { accept: "text/html" },
      })).text();
      assert.match(html, /<video /);
      const hop = await app.app.request(shared.clip.url);
      assert.equal(hop.status, 302);
      const media = await app.app.request(hop.headers.get("location")!, {
        headers: { range: "bytes=0-99" },
      });
      assert.equal(media.status, 206);
      assert.equal(media.headers.get("content-type"), "video/webm");
      assert.equal((await media.arrayBuffer()).byteLength, 100);
      const poster = await app.app.request(
        (await app.app.request(shared.clip.posterUrl)).headers.get("location")!,
      );
      assert.equal(poster.headers.get("content-type"), "image/jpeg");
      await poster.body?.cancel();
    } finally {
      await app.close();
    }
  });
}

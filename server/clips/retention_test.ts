/**
 * Retention on PGlite and PostgreSQL: clips past CLIP_RETENTION_DAYS lose
 * their files and become expired, kept and recent ones stay, and files a
 * crash left behind (expired, keys still set) are removed by the next sweep.
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { recordShot } from "../shots/record.ts";
import { testShotReport } from "../shots/test_report.ts";
import { createTestApp } from "../testing.ts";
import { getClipOfShot } from "./repo.ts";
import { sweepClips } from "./retention.ts";
import { testClip } from "./test_clip.ts";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`clip retention on ${kind}`, async () => {
    const app = await createTestApp(kind);
    const { deps } = app;
    const sql = deps.db.sql;
    const dir = deps.config.CLIP_DIR!;
    const files = () => [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    try {
      app.sfu.cutClip = async (_lane, window) => await testClip(window);
      for (const id of ["old-clip-001", "kept-clip-01", "new-clip-001", "crashed-0001"]) {
        await recordShot(sql, {}, "1", testShotReport(id));
      }
      await app.outbox.drain();
      await deps.clips!.worker.drain();
      const clip = async (id: string) => (await getClipOfShot(sql, id))!;
      const kept = await clip("kept-clip-01");
      await sql`update clips set kept = true where id = ${kept.id}`;
      await sql`update clips set ready_at = now() - interval '40 days'
        where shot_id in ('old-clip-001', 'kept-clip-01', 'crashed-0001')`;
      // A sweep that died after marking this clip expired, before removing its files.
      const crashed = await clip("crashed-0001");
      await sql`update clips set state = 'expired' where id = ${crashed.id}`;
      assert.equal(files().length, 8);

      assert.equal(await sweepClips({ sql, clips: deps.clips!, days: 30 }), 1);
      const old = await clip("old-clip-001");
      assert.deepEqual([old.state, old.videoKey, old.posterKey], ["expired", null, null]);
      assert.equal((await clip("crashed-0001")).videoKey, null);
      assert.equal((await clip("kept-clip-01")).state, "ready");
      assert.equal((await clip("new-clip-001")).state, "ready");
      const left = [await clip("kept-clip-01"), await clip("new-clip-001")]
        .flatMap((c) => [c.videoKey!, c.posterKey!]).sort();
      assert.deepEqual(files(), left);
      assert.equal(await sweepClips({ sql, clips: deps.clips!, days: 30 }), 0);
    } finally {
      await app.close();
    }
  });
}

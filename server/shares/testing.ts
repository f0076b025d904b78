/** Test fixtures for sharing: a scored shot whose bowler is a signed-up user, and a clip source. */
import type { ShotClip } from "../../core/clips.ts";
import type { createTestApp } from "../testing.ts";
import { TEST_INFERENCE_KEY } from "../testing.ts";
import { testShotReport } from "../shots/test_report.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * Makes the clips service of `t` show every shot's clip as `clip` (ready,
 * with store URLs, by default); change `handle.clip` to change it.
 */
export function fakeClipView(t: TestApp, clip: Partial<ShotClip> = {}): { clip: ShotClip } {
  const handle = {
    clip: {
      state: "ready" as const,
      url: "https://store.example/clips/a.webm?sig=1",
      posterUrl: "https://store.example/clips/a.jpg?sig=1",
      durationMs: 3500,
      kept: false,
      ...clip,
    } as ShotClip,
  };
  t.deps.clips = { ...t.deps.clips!, view: () => Promise.resolve({ ...handle.clip }) };
  return handle;
}

/**
 * Staff open a session on `laneId` with one bowler, who is the user `bowlerName`
 * (as if checked in), and the sidecar reports shot `shotId`, scored as that
 * bowler's ball. Answers the staff member and the bowler.
 */
export async function bowlerShot(t: TestApp, shotId: string, laneId = "1", bowlerName = "ada") {
  const staff = await t.as("staff");
  const bowler = await t.as("spectator", bowlerName);
  const opened = await t.app.request(`/api/lanes/${laneId}/sessions`, {
    method: "POST",
    headers: { ...staff.headers, "content-type": "application/json" },
    body: JSON.stringify({ bowlers: [{ name: bowlerName }] }),
  });
  if (opened.status !== 201) throw new Error(`Session: ${opened.status} ${await opened.text()}`);
  const session = await opened.json();
  await t.deps.db.sql`
    update session_bowlers set user_id = ${bowler.id} where session_id = ${session.id}`;
  const posted = await t.app.request(`/api/inference/lanes/${laneId}/shots`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_INFERENCE_KEY}`, "content-type": "application/json" },
    body: JSON.stringify(testShotReport(shotId, { standing: 0 })),
  });
  if (posted.status !== 201) throw new Error(`Shot: ${posted.status} ${await posted.text()}`);
  await t.outbox.drain();
  return { staff, bowler, sessionId: session.id as string };
}

import assert from "node:assert/strict";
import { standingOf } from "../../core/pins.ts";
import { DomainError, errorStatus } from "../../core/problem.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { recordBall } from "../sessions/service.ts";
import { createTestApp } from "../testing.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type Headers = Record<string, string>;
// deno-lint-ignore no-explicit-any
type Sheet = any;

const EVIL_NAME = `Bo'); drop table session_bowlers;--"\\%`;

/** A problem+json answer; `code` null accepts any (malformed JSON is refused before validation). */
async function expectProblem(res: Response, status: number, code: string | null, detail?: RegExp) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.equal(res.headers.get("content-type"), "application/problem+json");
  const body = JSON.parse(text);
  assert.equal(body.status, status);
  if (code !== null) assert.equal(body.code, code, text);
  if (detail) assert.match(body.detail, detail);
  return body;
}

async function expectJson(res: Response, status: number) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  return JSON.parse(text);
}

function client(t: TestApp) {
  const send = (method: string, path: string, body?: unknown, headers: Headers = {}) =>
    t.app.request(`/api${path}`, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  return {
    get: (path: string, headers?: Headers) => send("GET", path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Headers) => send("POST", path, body, headers),
  };
}

/** Rows in the session tables, to prove a refused request changed nothing. */
async function counts(t: TestApp) {
  const [row] = await t.deps.db.sql<{ s: number; b: number; p: number; a: number }[]>`
    select (select count(*) from bowling_sessions)::int as s,
           (select count(*) from session_balls)::int as b,
           (select count(*) from session_bowlers)::int as p,
           (select count(*) from audit_log where target_type = 'session')::int as a`;
  return row;
}

/** Reads SSE text until `want` matches or `ms` pass. */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  want: RegExp,
  ms = 5000,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  while (!want.test(text)) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Timed out waiting for ${want}`)),
        Math.max(1, deadline - Date.now()),
      );
    });
    try {
      const { value, done } = await Promise.race([reader.read(), timeout]);
      if (done) throw new Error(`Stream ended before ${want}`);
      text += decoder.decode(value, { stream: true });
    } finally {
      clearTimeout(timer);
    }
  }
  return text;
}

/** Every ball on a sheet. */
const allBalls = (sheet: Sheet): Sheet[] =>
  sheet.bowlers.flatMap((b: Sheet) => b.frames.flatMap((f: Sheet) => f.balls));

/** The data of each `session` event in SSE text. */
const sessionEvents = (text: string) =>
  [...text.matchAll(/event: session\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]));

for (const kind of TEST_DB_KINDS) {
  Deno.test(`session routes on ${kind}`, async (t) => {
    const app = await createTestApp(kind);
    const { get, post } = client(app);
    try {
      const staff = await app.as("staff");
      const admin = await app.as("admin");
      const spectator = await app.as("spectator");
      const bettor = await app.as("bettor");
      let sheet: Sheet;
      const bowl = async (
        pinsStanding: number[],
        extra: Record<string, unknown> = {},
        who = staff,
      ) =>
        sheet = await expectJson(
          await post(`/sessions/${sheet.id}/balls`, { pinsStanding, ...extra }, who.headers),
          201,
        );

      await t.step("opening a session needs staff or admin", async () => {
        const body = { bowlers: [{ name: "Ada" }] };
        await expectProblem(await post("/lanes/1/sessions", body), 401, "unauthenticated");
        await expectProblem(
          await post("/lanes/1/sessions", body, spectator.headers),
          403,
          "forbidden",
        );
        await expectProblem(
          await post("/lanes/1/sessions", body, bettor.headers),
          403,
          "forbidden",
        );
        assert.equal((await counts(app)).s, 0);
      });

      await t.step("bad session bodies are 4xx problems and store nothing", async () => {
        const bad: [unknown, number][] = [
          ["{not json", 400],
          [{}, 400],
          [{ bowlers: [] }, 400],
          [{ bowlers: Array.from({ length: 9 }, (_, i) => ({ name: `B${i}` })) }, 400],
          [{ bowlers: [{ name: "" }] }, 400],
          [{ bowlers: [{ name: "   " }] }, 400],
          [{ bowlers: [{ name: "x".repeat(41) }] }, 400],
          [{ bowlers: [{ name: 7 }] }, 400],
          [{ bowlers: [{ name: "Ada", admin: true }] }, 400],
          [{ bowlers: [{ name: "Ada" }], extra: 1 }, 400],
          [{ bowlers: [{ name: "Ada", userId: "not-a-uuid" }] }, 400],
          [{ bowlers: [{ name: "Ada", userId: staff.id }, { name: "Bo", userId: staff.id }] }, 400],
        ];
        for (const [body, status] of bad) {
          await expectProblem(
            await post("/lanes/1/sessions", body, staff.headers),
            status,
            typeof body === "string" ? null : "invalid_request",
          );
        }
        const res = await app.app.request("/api/lanes/1/sessions", {
          method: "POST",
          headers: { ...staff.headers, "content-type": "text/plain" },
          body: JSON.stringify({ bowlers: [{ name: "Ada" }] }),
        });
        assert.equal(res.status, 415);
        assert.equal(res.headers.get("content-type"), "application/problem+json");
        await res.body?.cancel();
        await expectProblem(
          await post("/lanes/1/sessions", {
            bowlers: [{ name: "Ada", userId: crypto.randomUUID() }],
          }, staff.headers),
          404,
          "unknown_user",
        );
        await expectProblem(
          await post("/lanes/99/sessions", { bowlers: [{ name: "Ada" }] }, staff.headers),
          404,
          "unknown_lane",
          /lane "99"/,
        );
        await app.deps.db.sql`update lanes set enabled = false where id = '3'`;
        await expectProblem(
          await post("/lanes/3/sessions", { bowlers: [{ name: "Ada" }] }, staff.headers),
          409,
          "lane_disabled",
        );
        await app.deps.db.sql`update lanes set enabled = true where id = '3'`;
        assert.deepEqual(await counts(app), { s: 0, b: 0, p: 0, a: 0 });
      });

      await t.step(
        "POST /lanes/{id}/sessions opens one session per lane, names stored verbatim",
        async () => {
          sheet = await expectJson(
            await post("/lanes/1/sessions", {
              bowlers: [{ name: "Ada", userId: spectator.id }, { name: EVIL_NAME }],
            }, staff.headers),
            201,
          );
          assert.equal(sheet.laneId, "1");
          assert.equal(sheet.status, "open");
          assert.deepEqual(sheet.bowlers.map((b: Sheet) => [b.position, b.name, b.userId]), [[
            1,
            "Ada",
            spectator.id,
          ], [2, EVIL_NAME, null]]);
          assert.equal(sheet.bowlers[0].frames.length, 10);
          assert.deepEqual(sheet.turn, {
            bowlerId: sheet.bowlers[0].id,
            frame: 1,
            ball: 1,
            pinsStanding: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
          });
          const [row] = await app.deps.db.sql`select name from session_bowlers where position = 2`;
          assert.equal(row.name, EVIL_NAME);
          await expectProblem(
            await post("/lanes/1/sessions", { bowlers: [{ name: "Cy" }] }, admin.headers),
            409,
            "session_open",
            /Lane "1"/,
          );
          assert.equal((await counts(app)).s, 1);
        },
      );

      await t.step("GET /lanes/{id}/session and /sessions/{id} are public", async () => {
        const lane = await expectJson(await get("/lanes/1/session"), 200);
        assert.deepEqual(lane, sheet);
        assert.deepEqual(await expectJson(await get(`/sessions/${sheet.id}`), 200), sheet);
        await expectProblem(
          await get("/lanes/2/session"),
          404,
          "no_session",
          /Lane "2" has no open session/,
        );
        await expectProblem(await get("/lanes/99/session"), 404, "unknown_lane");
        await expectProblem(await get(`/sessions/${crypto.randomUUID()}`), 404, "unknown_session");
        await expectProblem(
          await get("/sessions/'%3B%20drop%20table%20bowling_sessions--"),
          404,
          "unknown_session",
        );
      });

      await t.step("POST /sessions/{id}/balls scores balls in turn and marks splits", async () => {
        const [ada, bob] = sheet.bowlers.map((b: Sheet) => b.id);
        await bowl([7, 10]);
        assert.deepEqual(
          sheet.bowlers[0].frames[0].balls.map((b: Sheet) => [b.mark, b.split, b.source, b.pins]),
          [["8", true, "manual", 8]],
        );
        assert.deepEqual(sheet.turn, { bowlerId: ada, frame: 1, ball: 2, pinsStanding: [7, 10] });
        await bowl([7]);
        assert.equal(sheet.bowlers[0].frames[0].total, 9);
        assert.equal(sheet.turn.bowlerId, bob);
        await bowl([], { bowlerId: bob });
        assert.equal(sheet.bowlers[1].frames[0].balls[0].mark, "X");
        assert.equal(sheet.bowlers[1].frames[0].total, null);
        await bowl([7], { foul: true });
        assert.equal(sheet.bowlers[0].frames[1].balls[0].mark, "F");
        assert.deepEqual(
          sheet.turn.pinsStanding,
          [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
          "a foul's pins are respotted",
        );
      });

      await t.step(
        "out-of-turn, impossible and malformed balls are refused and change nothing",
        async () => {
          const before = await counts(app);
          const bob = sheet.bowlers[1].id;
          await expectProblem(
            await post(
              `/sessions/${sheet.id}/balls`,
              { pinsStanding: [], bowlerId: bob },
              staff.headers,
            ),
            409,
            "out_of_turn",
            /It is "Ada"'s turn/,
          );
          await expectProblem(
            await post(`/sessions/${sheet.id}/balls`, {
              pinsStanding: [],
              bowlerId: crypto.randomUUID(),
            }, staff.headers),
            404,
            "unknown_bowler",
          );
          await bowl([1, 2, 4]);
          await bowl([1, 2, 4]);
          assert.equal(sheet.turn.bowlerId, bob);
          const impossible = await expectProblem(
            await post(`/sessions/${sheet.id}/balls`, { pinsStanding: [1, 3] }, staff.headers),
            409,
            "impossible_ball",
          );
          assert.ok(impossible.detail.includes(`"${EVIL_NAME}"`), impossible.detail);
          assert.match(impossible.detail, /pin standing that was down/);
          assert.deepEqual(impossible.pinsStanding, [1, 2, 4]);
          const bad: unknown[] = [
            "[",
            {},
            { pinsStanding: [0] },
            { pinsStanding: [11] },
            { pinsStanding: [1, 1] },
            { pinsStanding: [1.5] },
            { pinsStanding: "1,2" },
            { pinsStanding: Array.from({ length: 11 }, (_, i) => (i % 10) + 1) },
            { pinsStanding: [], foul: "yes" },
            { pinsStanding: [], standing: 3 },
            { pinsStanding: [], bowlerId: "1; drop table session_balls" },
          ];
          for (const body of bad) {
            await expectProblem(
              await post(`/sessions/${sheet.id}/balls`, body, staff.headers),
              400,
              typeof body === "string" ? null : "invalid_request",
            );
          }
          await expectProblem(
            await post(`/sessions/${sheet.id}/balls`, { pinsStanding: [] }),
            401,
            "unauthenticated",
          );
          await expectProblem(
            await post(`/sessions/${sheet.id}/balls`, { pinsStanding: [] }, spectator.headers),
            403,
            "forbidden",
          );
          await expectProblem(
            await post(
              `/sessions/${crypto.randomUUID()}/balls`,
              { pinsStanding: [] },
              staff.headers,
            ),
            404,
            "unknown_session",
          );
          const after = await counts(app);
          assert.deepEqual(
            after,
            { ...before, b: before.b + 2, a: before.a + 2 },
            "only the good balls were stored",
          );
        },
      );

      let firstBallId: string;
      await t.step(
        "POST …/balls/{ballId}/correction re-scores later frames and keeps the original",
        async () => {
          firstBallId = sheet.bowlers[0].frames[0].balls[0].id;
          assert.deepEqual(
            sheet.bowlers[0].frames.slice(0, 2).map((f: Sheet) =>
              f.balls.map((b: Sheet) => b.mark).join(" ")
            ),
            ["8 1", "F 7"],
          );
          const corrected = await expectJson(
            await post(`/sessions/${sheet.id}/balls/${firstBallId}/correction`, {
              pinsStanding: [],
              reason: "Camera missed the 7-10 falling",
            }, staff.headers),
            200,
          );
          const ada = corrected.bowlers[0];
          // The old second ball (leaving the 7) now opens frame 2 at a full rack.
          assert.deepEqual(
            ada.frames.slice(0, 3).map((f: Sheet) => f.balls.map((b: Sheet) => b.mark).join(" ")),
            ["X", "9 F", "7"],
          );
          assert.equal(ada.frames[0].balls[0].source, "correction");
          assert.equal(ada.frames[0].balls[0].corrected, true);
          assert.notEqual(ada.frames[0].balls[0].id, firstBallId);
          assert.deepEqual([ada.frames[0].total, ada.frames[1].total], [19, 28]);
          sheet = corrected;
          const [original] = await app.deps.db
            .sql`select standing, source from session_balls where id = ${firstBallId}`;
          assert.deepEqual(original, { standing: standingOf([7, 10]), source: "manual" });
        },
      );

      await t.step("bad or impossible corrections are refused and change nothing", async () => {
        const before = await counts(app);
        const current = sheet.bowlers[0].frames[0].balls[0].id;
        const url = (id: string) => `/sessions/${sheet.id}/balls/${id}/correction`;
        await expectProblem(
          await post(url(firstBallId), { pinsStanding: [1], reason: "again" }, staff.headers),
          409,
          "ball_superseded",
          new RegExp(`"${current}"`),
        );
        // Frame 2 ball 1 left the 7 standing; saying it left 1-2 makes the next balls impossible.
        const secondBall = sheet.bowlers[0].frames[1].balls[0].id;
        await expectProblem(
          await post(url(secondBall), { pinsStanding: [1, 2], reason: "Misread" }, staff.headers),
          409,
          "impossible_correction",
          /"Ada"/,
        );
        await expectProblem(
          await post(url(current), { pinsStanding: [], reason: "Same" }, staff.headers),
          409,
          "no_change",
        );
        await expectProblem(
          await post(url(current), { pinsStanding: [1], reason: "no" }, staff.headers),
          400,
          "invalid_request",
        );
        await expectProblem(
          await post(url(current), { pinsStanding: [1] }, staff.headers),
          400,
          "invalid_request",
        );
        await expectProblem(
          await post(url(current), { pinsStanding: [1], reason: "x".repeat(501) }, staff.headers),
          400,
          "invalid_request",
        );
        await expectProblem(
          await post(
            url(current),
            { pinsStanding: [1], reason: "Because", by: "me" },
            staff.headers,
          ),
          400,
          "invalid_request",
        );
        await expectProblem(
          await post(url("999999"), { pinsStanding: [1], reason: "Because" }, staff.headers),
          404,
          "unknown_ball",
        );
        await expectProblem(
          await post(url("abc"), { pinsStanding: [1], reason: "Because" }, staff.headers),
          404,
          "unknown_ball",
        );
        await expectProblem(
          await post(url(current), { pinsStanding: [1], reason: "Because" }, bettor.headers),
          403,
          "forbidden",
        );
        assert.deepEqual(await counts(app), before);
        assert.deepEqual(await expectJson(await get(`/sessions/${sheet.id}`), 200), sheet);
      });

      await t.step(
        "GET /sessions/{id}/history is the correction trail, also in the audit log",
        async () => {
          await expectProblem(
            await get(`/sessions/${sheet.id}/history`, spectator.headers),
            403,
            "forbidden",
          );
          const history = await expectJson(
            await get(`/sessions/${sheet.id}/history`, admin.headers),
            200,
          );
          assert.equal(history.length, 1);
          const [h] = history;
          assert.equal(h.replacesBallId, firstBallId);
          assert.equal(h.bowlerName, "Ada");
          assert.deepEqual([h.frame, h.ball], [1, 1]);
          assert.deepEqual(h.from, { pinsStanding: [7, 10], foul: false, source: "manual" });
          assert.deepEqual(h.to, { pinsStanding: [], foul: false });
          assert.equal(h.reason, "Camera missed the 7-10 falling");
          assert.deepEqual(h.by, { id: staff.id, name: "staff" });
          assert.ok(!Number.isNaN(Date.parse(h.at)));
          const audit = await app.deps.db.sql`
          select action, actor_id, detail from audit_log where target_id = ${sheet.id} order by id`;
          assert.deepEqual([...new Set(audit.map((a) => a.action))], [
            "session.open",
            "session.ball",
            "session.correct",
          ]);
          const correction = audit.find((a) => a.action === "session.correct");
          assert.equal(correction?.actor_id, staff.id);
          assert.equal(correction?.detail.reason, "Camera missed the 7-10 falling");
          assert.deepEqual(correction?.detail.from, { pinsStanding: [7, 10], foul: false });
          await expectProblem(
            await get(`/sessions/${crypto.randomUUID()}/history`, staff.headers),
            404,
            "unknown_session",
          );
        },
      );

      await t.step("bowlers join by staff or by checking in, up to eight", async () => {
        await expectProblem(await post(`/lanes/1/check-in`), 401, "unauthenticated");
        const { code } = await expectJson(
          await get(`/sessions/${sheet.id}/check-in-code`, staff.headers),
          200,
        );
        const withCode = { code };
        sheet = await expectJson(await post(`/lanes/1/check-in`, withCode, bettor.headers), 200);
        assert.deepEqual(sheet.bowlers.at(-1).name, "bettor");
        assert.deepEqual(sheet.bowlers.at(-1).userId, bettor.id);
        await expectProblem(
          await post(`/lanes/1/check-in`, withCode, bettor.headers),
          409,
          "already_bowling",
        );
        await expectProblem(
          await post(`/lanes/1/check-in`, withCode, spectator.headers),
          409,
          "already_bowling",
        );
        await expectProblem(
          await post(`/lanes/2/check-in`, withCode, bettor.headers),
          409,
          "no_session",
        );
        await expectProblem(
          await post(`/lanes/99/check-in`, withCode, bettor.headers),
          404,
          "unknown_lane",
        );
        await expectProblem(
          await post(`/sessions/${sheet.id}/bowlers`, { name: "Cy" }, spectator.headers),
          403,
          "forbidden",
        );
        await expectProblem(
          await post(`/sessions/${sheet.id}/bowlers`, { name: "Cy", x: 1 }, staff.headers),
          400,
          "invalid_request",
        );
        for (const name of ["Cy", "Di", "Ed", "Flo", "Gus"]) {
          sheet = await expectJson(
            await post(`/sessions/${sheet.id}/bowlers`, { name }, staff.headers),
            201,
          );
        }
        assert.equal(sheet.bowlers.length, 8);
        assert.deepEqual(sheet.bowlers.map((b: Sheet) => b.position), [1, 2, 3, 4, 5, 6, 7, 8]);
        await expectProblem(
          await post(`/sessions/${sheet.id}/bowlers`, { name: "Hal" }, staff.headers),
          409,
          "session_full",
        );
        await expectProblem(
          await post(`/lanes/1/check-in`, withCode, admin.headers),
          409,
          "session_full",
        );
      });

      await t.step("GET /api/lanes/{id}/live streams the sheet after each ball", async () => {
        await expectProblem(await get("/lanes/99/live"), 404, "unknown_lane");
        const res = await get("/lanes/1/live");
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("content-type"), "text/event-stream");
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        try {
          const [first] = sessionEvents(await readUntil(reader, /id: 1\n\n/));
          assert.deepEqual(first, sheet, "the sheet as it stands comes first");
          await bowl([]);
          const update = sessionEvents(await readUntil(reader, /id: 2\n\n/)).at(-1);
          assert.deepEqual(update, sheet);
          assert.equal(allBalls(update).length, allBalls(first).length + 1);
        } finally {
          await reader.cancel();
        }
        assert.equal(app.deps.live.subscribers("1"), 0);
      });

      await t.step(
        "recordBall() appends an AI ball for whoever's turn it is and publishes it",
        async () => {
          const published: unknown[] = [];
          const stop = app.deps.live.subscribe("1", (e) => published.push(e));
          try {
            const next = sheet.turn.bowlerId;
            const rack = sheet.turn.pinsStanding;
            const result = await recordBall(app.deps.db.sql, app.deps, {
              laneId: "1",
              standing: standingOf(rack),
              foul: false,
              source: "ai",
              shotId: "shot-1",
              confidence: 0.875,
            });
            assert.ok(result);
            const bowler = result.bowlers.find((b: Sheet) => b.id === next);
            const ball = allBalls({ bowlers: [bowler] }).at(-1);
            assert.deepEqual([
              ball.source,
              ball.confidence,
              ball.shotId,
              ball.pinsStanding,
              ball.pins,
            ], ["ai", 0.875, "shot-1", rack, 0]);
            assert.deepEqual(published, [{ type: "session", data: result }]);
            sheet = result;
            assert.equal(
              await recordBall(app.deps.db.sql, app.deps, {
                laneId: "2",
                standing: 0,
                foul: false,
                source: "ai",
              }),
              null,
            );
            assert.equal(published.length, 1);
            for (
              const bad of [{ confidence: 1.5 }, { confidence: NaN }, { shotId: "s".repeat(65) }]
            ) {
              await assert.rejects(
                recordBall(app.deps.db.sql, app.deps, {
                  laneId: "1",
                  standing: 0,
                  foul: false,
                  source: "ai",
                  ...bad,
                }),
                (e: unknown) =>
                  e instanceof DomainError && errorStatus(e) === 400 && e.code === "invalid_ball",
              );
            }
            await assert.rejects(
              recordBall(app.deps.db.sql, app.deps, {
                laneId: "1",
                standing: 2048,
                foul: false,
                source: "ai",
              }),
              (e: unknown) => e instanceof DomainError && errorStatus(e) === 409,
            );
            assert.equal(published.length, 1);
          } finally {
            stop();
          }
        },
      );

      await t.step("GET /sessions lists sessions for staff, with filters", async () => {
        await expectProblem(await get("/sessions"), 401, "unauthenticated");
        await expectProblem(await get("/sessions", spectator.headers), 403, "forbidden");
        await expectProblem(await get("/sessions?limit=0", staff.headers), 400, "invalid_request");
        await expectProblem(
          await get("/sessions?status=paused", staff.headers),
          400,
          "invalid_request",
        );
        const list = await expectJson(
          await get("/sessions?laneId=1&status=open&limit=5", staff.headers),
          200,
        );
        assert.equal(list.length, 1);
        assert.equal(list[0].id, sheet.id);
        assert.equal(list[0].bowlers.length, 8);
        assert.equal(list[0].bowlers[0].total, sheet.bowlers[0].total);
        assert.deepEqual(await expectJson(await get("/sessions?laneId=2", staff.headers), 200), []);
        assert.deepEqual(
          await expectJson(await get("/sessions?laneId='or'1'='1", staff.headers), 200),
          [],
        );
      });

      await t.step(
        "POST /sessions/{id}/close closes it; closed sessions take no balls but take corrections",
        async () => {
          await expectProblem(
            await post(`/sessions/${sheet.id}/close`, undefined, spectator.headers),
            403,
            "forbidden",
          );
          const closed = await expectJson(
            await post(`/sessions/${sheet.id}/close`, undefined, staff.headers),
            200,
          );
          assert.equal(closed.status, "closed");
          assert.ok(closed.closedAt);
          assert.equal(closed.turn, null);
          await expectProblem(
            await post(`/sessions/${sheet.id}/close`, undefined, staff.headers),
            409,
            "session_closed",
          );
          await expectProblem(
            await post(`/sessions/${sheet.id}/balls`, { pinsStanding: [] }, staff.headers),
            409,
            "session_closed",
          );
          await expectProblem(
            await post(`/sessions/${sheet.id}/bowlers`, { name: "Late" }, staff.headers),
            409,
            "session_closed",
          );
          await expectProblem(await get("/lanes/1/session"), 404, "no_session");
          const aiBall = allBalls(closed).find((b: Sheet) => b.shotId === "shot-1");
          const fixed = await expectJson(
            await post(`/sessions/${sheet.id}/balls/${aiBall.id}/correction`, {
              pinsStanding: [],
              reason: "Review after close",
            }, admin.headers),
            200,
          );
          const now = allBalls(fixed).find((b: Sheet) => b.shotId === "shot-1");
          assert.ok(
            ["X", "/"].includes(now.mark) && now.source === "correction" &&
              now.pinsStanding.length === 0,
          );
          const list = await expectJson(await get("/sessions?status=closed", admin.headers), 200);
          assert.deepEqual(list.map((s: Sheet) => s.id), [sheet.id]);
          // The lane is free again.
          const next = await expectJson(
            await post("/lanes/1/sessions", { bowlers: [{ name: "Next" }] }, admin.headers),
            201,
          );
          assert.notEqual(next.id, sheet.id);
        },
      );
    } finally {
      await app.close();
    }
  });

  Deno.test(`a game played to the end on ${kind}: perfect game 300, all gutters 0, no ball after`, async () => {
    const app = await createTestApp(kind);
    const { post } = client(app);
    try {
      const staff = await app.as("staff");
      let sheet = await expectJson(
        await post(
          "/lanes/2/sessions",
          { bowlers: [{ name: "Pat" }, { name: "Gil" }] },
          staff.headers,
        ),
        201,
      );
      while (sheet.turn) {
        const pinsStanding = sheet.turn.bowlerId === sheet.bowlers[0].id
          ? []
          : sheet.turn.pinsStanding;
        sheet = await expectJson(
          await post(`/sessions/${sheet.id}/balls`, { pinsStanding }, staff.headers),
          201,
        );
      }
      assert.equal(sheet.complete, true);
      assert.deepEqual(sheet.bowlers.map((b: Sheet) => [b.total, b.complete]), [[300, true], [
        0,
        true,
      ]]);
      assert.deepEqual(sheet.bowlers[0].frames[9].balls.map((b: Sheet) => b.mark), ["X", "X", "X"]);
      assert.equal(sheet.bowlers[1].frames.flatMap((f: Sheet) => f.balls).length, 20);
      await expectProblem(
        await post(`/sessions/${sheet.id}/balls`, { pinsStanding: [] }, staff.headers),
        409,
        "session_complete",
      );
      await expectProblem(
        await post(`/sessions/${sheet.id}/balls`, {
          pinsStanding: [],
          bowlerId: sheet.bowlers[0].id,
        }, staff.headers),
        409,
        "session_complete",
      );
    } finally {
      await app.close();
    }
  });
}

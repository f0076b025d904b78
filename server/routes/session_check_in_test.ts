/**
 * Fault 2 of issue 12: joining a lane's game needs the open session's signed,
 * expiring check-in code (the lane's QR code, shown by staff); staff remove
 * bowlers; both are audited.
 */
import assert from "node:assert/strict";
import { standingOf } from "../../core/pins.ts";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { lanePath, renderQr, siteLink } from "../lanes/qr.ts";
import { createCheckInCodes } from "../sessions/check_in_code.ts";
import { recordBall } from "../sessions/service.ts";
import { createTestApp } from "../testing.ts";
import { expectJson, expectProblem } from "../users/testing.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type Headers = Record<string, string>;
// deno-lint-ignore no-explicit-any
type Json = any;

function client(t: TestApp) {
  const send = (method: string, path: string, body?: unknown, headers: Headers = {}) =>
    t.app.request(`http://alley.local/api${path}`, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    get: (path: string, headers?: Headers) => send("GET", path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Headers) => send("POST", path, body, headers),
  };
}

async function audited(t: TestApp, action: string) {
  return await t.deps.db.sql<{ actor_id: string; target_id: string; detail: Json }[]>`
    select actor_id, target_id, detail from audit_log where action = ${action} order by id`;
}

async function setup(kind: (typeof TEST_DB_KINDS)[number]) {
  const t = await createTestApp(kind);
  const { get, post } = client(t);
  const staff = await t.as("staff");
  const open = async (laneId: string, names = ["Ada", "Bo"]) =>
    await expectJson(
      await post(
        `/lanes/${laneId}/sessions`,
        { bowlers: names.map((name) => ({ name })) },
        staff.headers,
      ),
      201,
    );
  const codeOf = async (sessionId: string) =>
    await expectJson(await get(`/sessions/${sessionId}/check-in-code`, staff.headers), 200);
  return { t, get, post, staff, open, codeOf };
}

for (const kind of TEST_DB_KINDS) {
  Deno.test(`the lane's fixed check-in URL no longer lets a stranger join (${kind})`, async () => {
    const { t, get, post, open } = await setup(kind);
    try {
      const sheet = await open("1");
      const stranger = await t.as("bettor", "stranger");
      await expectProblem(
        await post("/lanes/1/check-in", undefined, stranger.headers),
        400,
        "check_in_code_required",
      );
      await expectProblem(
        await post("/lanes/1/check-in", {}, stranger.headers),
        400,
        "invalid_request",
      );
      const now = await expectJson(await get(`/sessions/${sheet.id}`), 200);
      assert.deepEqual(now.bowlers.map((b: Json) => b.name), ["Ada", "Bo"]);
      assert.equal((await audited(t, "session.check_in")).length, 0);
    } finally {
      await t.close();
    }
  });

  Deno.test(`a check-in with the session's code joins and is audited (${kind})`, async () => {
    const { t, post, open, codeOf } = await setup(kind);
    try {
      const sheet = await open("1");
      const answer = await codeOf(sheet.id);
      assert.equal(answer.sessionId, sheet.id);
      assert.equal(answer.laneId, "1");
      assert.equal(answer.url, `http://alley.local/lanes/1/check-in?code=${answer.code}`);
      assert.equal(answer.qrUrl, `/api/lanes/1/qr?code=${answer.code}`);
      assert.ok(answer.expiresIn > 800 && answer.expiresIn <= 900, `${answer.expiresIn}`);
      const cy = await t.as("spectator", "Cy");
      const joined = await expectJson(
        await post("/lanes/1/check-in", { code: answer.code }, cy.headers),
        200,
      );
      const me = joined.bowlers.at(-1);
      assert.deepEqual([me.name, me.userId, me.position, me.removed], ["Cy", cy.id, 3, false]);
      const [entry] = await audited(t, "session.check_in");
      assert.equal(entry.actor_id, cy.id);
      assert.equal(entry.target_id, sheet.id);
      assert.deepEqual(entry.detail, { laneId: "1", bowlerId: me.id, name: "Cy", position: 3 });
    } finally {
      await t.close();
    }
  });

  Deno.test(
    `codes of another lane, rotated, expired, forged or after close are refused (${kind})`,
    async () => {
      const { t, post, staff, open, codeOf } = await setup(kind);
      try {
        const one = await open("1");
        const two = await open("2");
        const bettor = await t.as("bettor");
        const checkIn = (laneId: string, code: string) =>
          post(`/lanes/${laneId}/check-in`, { code }, bettor.headers);

        const laneTwo = (await codeOf(two.id)).code;
        await expectProblem(await checkIn("1", laneTwo), 403, "check_in_code_invalid");

        const first = (await codeOf(one.id)).code;
        const rotated = await expectJson(
          await post(`/sessions/${one.id}/check-in-code`, undefined, staff.headers),
          200,
        );
        assert.notEqual(rotated.code, first);
        await expectProblem(await checkIn("1", first), 403, "check_in_code_invalid");
        const [rotation] = await audited(t, "session.check_in_rotate");
        assert.deepEqual(rotation.detail, { laneId: "1", generation: 2 });

        const past = createCheckInCodes({
          keys: t.deps.keys,
          ttlSeconds: 60,
          now: () => Date.now() - 120_000,
        });
        const expired = await past.mint({ laneId: "1", sessionId: one.id, generation: 2 });
        await expectProblem(await checkIn("1", expired.code), 403, "check_in_code_expired");
        const [exp, gen, sig] = rotated.code.split(".");
        const forged = `${(parseInt(exp, 36) + 3600).toString(36)}.${gen}.${sig}`;
        await expectProblem(await checkIn("1", forged), 403, "check_in_code_invalid");

        await expectJson(await post(`/sessions/${one.id}/close`, undefined, staff.headers), 200);
        await expectProblem(await checkIn("1", rotated.code), 409, "no_session");
        await expectProblem(
          await t.app.request(`/api/sessions/${one.id}/check-in-code`, { headers: staff.headers }),
          409,
          "session_closed",
        );
        const next = await open("1");
        await expectProblem(await checkIn("1", rotated.code), 403, "check_in_code_invalid");
        await expectJson(await checkIn("1", (await codeOf(next.id)).code), 200);
        assert.equal((await audited(t, "session.check_in")).length, 1);
      } finally {
        await t.close();
      }
    },
  );

  Deno.test(
    `the lane's QR code carries the open session's code, and no check-in address otherwise (${kind})`,
    async () => {
      const { t, get, post, staff, open, codeOf } = await setup(kind);
      try {
        const lanePage = new TextDecoder().decode(
          await renderQr(siteLink("http://alley.local", lanePath("1")), "svg", 512),
        );
        const plain = await get("/lanes/1/qr");
        assert.equal(plain.status, 200);
        assert.equal(await plain.text(), lanePage, "no session: the lane's page");

        const sheet = await open("1");
        const { code, url, qrUrl } = await codeOf(sheet.id);
        const withCode = await t.app.request(`http://alley.local${qrUrl}`);
        assert.equal(withCode.status, 200);
        assert.equal(withCode.headers.get("content-type"), "image/svg+xml");
        assert.equal(withCode.headers.get("cache-control"), "private, no-store");
        assert.equal(
          await withCode.text(),
          new TextDecoder().decode(await renderQr(url, "svg", 512)),
          "encodes the check-in page with the code",
        );
        assert.match(url, new RegExp(`/lanes/1/check-in\\?code=${code.replace(/\./g, "\\.")}$`));
        assert.equal(
          await (await get("/lanes/1/qr")).text(),
          lanePage,
          "no code, no check-in page",
        );
        await expectProblem(
          await get(`/lanes/2/qr?code=${encodeURIComponent(code)}`),
          409,
          "no_session",
        );

        await expectJson(await post(`/sessions/${sheet.id}/close`, undefined, staff.headers), 200);
        await expectProblem(await t.app.request(`http://alley.local${qrUrl}`), 409, "no_session");
      } finally {
        await t.close();
      }
    },
  );

  Deno.test(
    `staff remove a bowler: kept on the sheet, never given a turn, audited (${kind})`,
    async () => {
      const { t, get, post, staff, open, codeOf } = await setup(kind);
      try {
        const sheet = await open("1");
        const stranger = await t.as("bettor", "stranger");
        const { code } = await codeOf(sheet.id);
        await expectJson(await post("/lanes/1/check-in", { code }, stranger.headers), 200);
        // Ada and Bo strike in their first frame; the AI's next ball would be the stranger's.
        for (const pins of [[], []]) {
          await recordBall(t.deps.db.sql, t.deps, {
            laneId: "1",
            standing: standingOf(pins),
            foul: false,
            source: "ai",
          });
        }
        let now = await expectJson(await get(`/sessions/${sheet.id}`), 200);
        const bad = now.bowlers[2];
        assert.equal(now.turn.bowlerId, bad.id);
        await recordBall(t.deps.db.sql, t.deps, {
          laneId: "1",
          standing: 0,
          foul: false,
          source: "ai",
        });

        const remove = (who: Headers, body: unknown = { reason: "Not with this party" }) =>
          post(`/sessions/${sheet.id}/bowlers/${bad.id}/remove`, body, who);
        await expectProblem(await remove({}), 401, "unauthenticated");
        await expectProblem(await remove(stranger.headers), 403, "forbidden");
        await expectProblem(await remove(staff.headers, { reason: "x" }), 400, "invalid_request");
        await expectProblem(
          await post(
            `/sessions/${sheet.id}/bowlers/${crypto.randomUUID()}/remove`,
            { reason: "Nobody" },
            staff.headers,
          ),
          404,
          "unknown_bowler",
        );

        now = await expectJson(await remove(staff.headers), 200);
        const gone = now.bowlers[2];
        assert.equal(gone.removed, true);
        assert.equal(gone.next, null);
        assert.equal(gone.frames[0].balls.length, 1, "the ball they bowled stays on the record");
        assert.equal(now.turn.bowlerId, now.bowlers[0].id, "the turn skips them");
        await recordBall(t.deps.db.sql, t.deps, {
          laneId: "1",
          standing: 0,
          foul: false,
          source: "ai",
        });
        now = await expectJson(await get(`/sessions/${sheet.id}`), 200);
        assert.equal(now.bowlers[0].frames[1].balls.length, 1, "the AI's next ball went to Ada");
        assert.equal(now.bowlers[2].frames.flatMap((f: Json) => f.balls).length, 1);

        await expectProblem(await remove(staff.headers), 409, "bowler_removed");
        await expectProblem(
          await post("/lanes/1/check-in", { code }, stranger.headers),
          409,
          "already_bowling",
        );
        const [entry] = await audited(t, "session.bowler_remove");
        assert.equal(entry.actor_id, staff.id);
        assert.deepEqual(entry.detail, {
          bowlerId: bad.id,
          name: "stranger",
          userId: stranger.id,
          balls: 1,
          reason: "Not with this party",
        });
        await expectJson(await post(`/sessions/${sheet.id}/close`, undefined, staff.headers), 200);
        await expectProblem(
          await post(
            `/sessions/${sheet.id}/bowlers/${now.bowlers[0].id}/remove`,
            { reason: "Left early" },
            staff.headers,
          ),
          409,
          "session_closed",
        );
      } finally {
        await t.close();
      }
    },
  );
}

/**
 * Phone verification and share links by text (issue 14), through the outbox
 * and the official Twilio SDK against the fake Twilio; and texts held for
 * staff when Twilio is not configured.
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { bowlerShot, fakeClipView } from "../shares/testing.ts";
import { hashSecret } from "../shares/tokens.ts";
import { startFakeTwilio } from "../sms/fake_twilio.ts";
import { createTestApp } from "../testing.ts";
import { expectJson, expectProblem } from "../users/testing.ts";

const SHOT = "sms-shot-00001";
const PHONE = "+15557654321";
const FROM = "+15550001111";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type Headers = Record<string, string>;

function client(app: TestApp) {
  return (method: string, path: string, headers: Headers, body?: unknown) =>
    app.app.request(`/api${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/** Runs every outbox row that is due, also ones waiting out a retry backoff. */
async function runOutbox(app: TestApp) {
  await app.deps.db.sql`update outbox set available_at = now() where done_at is null`;
  await app.outbox.drain();
}

const codeIn = (body: string) => body.match(/\b(\d{6})\b/)?.[1] ?? "";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`phone codes and share texts through Twilio on ${kind}`, async (t) => {
    const fake = startFakeTwilio();
    const app = await createTestApp(kind, {
      PUBLIC_URL: "https://alley.example",
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_FROM: FROM,
      TWILIO_API_BASE: fake.url,
    });
    fakeClipView(app);
    const call = client(app);
    const { sql } = app.deps.db;
    try {
      const { bowler, staff } = await bowlerShot(app, SHOT);
      const ask = (phone = PHONE, who = bowler) =>
        call("POST", "/me/phone", who.headers, { phone });
      const verify = (code: string, who = bowler) =>
        call("POST", "/me/phone/verify", who.headers, { code });
      const lastCode = () => codeIn(fake.messages.at(-1)?.body ?? "");
      const textIt = (who = bowler, shot = SHOT) =>
        call("POST", `/shots/${shot}/shares/sms`, who.headers);

      await t.step("a share text needs a verified number", async () => {
        await expectProblem(await textIt(), 409, "phone_not_verified");
      });

      await t.step(
        "a code is texted, stored only hashed, and a wrong one counts down to the right one",
        async () => {
          const sent = await expectJson(await ask("+1 (555) 765-4321"), 202);
          assert.equal(sent.phone, PHONE);
          await runOutbox(app);
          assert.equal(fake.messages.length, 1);
          assert.equal(fake.messages[0].to, PHONE);
          assert.equal(fake.messages[0].from, FROM);
          const code = lastCode();
          assert.match(code, /^\d{6}$/);
          const [row] = await sql`select * from user_phones where user_id = ${bowler.id}`;
          assert.ok(!JSON.stringify(row).includes(code), "the code is not stored");
          assert.notEqual(
            row.code_hash,
            await hashSecret(`${row.code_salt}:${code}`),
            "the stored form cannot be searched for the code without the server's key",
          );
          const [text] = await sql`select body, state from sms_messages where kind = 'phone_code'`;
          assert.equal(text.state, "sent");
          assert.ok(!text.body.includes(code), "a sent code's body is blanked");
          const wrong = code === "000000" ? "000001" : "000000";
          const refused = await expectProblem(await verify(wrong), 403, "phone_code_wrong");
          assert.equal(refused.attemptsLeft, 4);
          assert.deepEqual(await expectJson(await verify(code), 200), {
            phone: PHONE,
            verified: true,
          });
          assert.deepEqual(
            await expectJson(await call("GET", "/me/phone", bowler.headers), 200),
            { phone: PHONE, verified: true },
          );
          await expectProblem(await verify(code), 409, "no_phone_code");
        },
      );

      await t.step("codes come at most every 30 s, and wrong tries are limited", async () => {
        const other = await app.as("spectator", "guesser");
        await expectJson(await ask("+15550002222", other), 202);
        const again = await ask("+15550002222", other);
        await expectProblem(again, 429, "too_many_codes");
        assert.ok(Number(again.headers.get("retry-after")) > 0);
        await runOutbox(app);
        const code = lastCode();
        const wrong = code === "111111" ? "222222" : "111111";
        for (let i = 0; i < 4; i++) {
          await expectProblem(await verify(wrong, other), 403, "phone_code_wrong");
        }
        await expectProblem(await verify(wrong, other), 429, "too_many_attempts");
        await expectProblem(await verify(code, other), 409, "no_phone_code");
        const [row] = await sql`select verified_at from user_phones where user_id = ${other.id}`;
        assert.equal(row.verified_at, null);
      });

      await t.step("an expired code is refused", async () => {
        const late = await app.as("spectator", "late");
        await expectJson(await ask("+15550003333", late), 202);
        await runOutbox(app);
        const code = lastCode();
        await sql`update user_phones set code_expires_at = now() - interval '1 second'
                  where user_id = ${late.id}`;
        await expectProblem(await verify(code, late), 400, "phone_code_expired");
      });

      await t.step(
        "the link goes by text with the poster as MMS media, once, even when Twilio's answer is lost",
        async () => {
          const before = fake.messages.length;
          fake.failAfterAccept(1);
          const sent = await expectJson(await textIt(), 202);
          assert.equal(sent.to, "••••••••4321");
          assert.equal(sent.mms, true);
          assert.match(sent.url, /^https:\/\/alley\.example\/s\/[A-Za-z0-9_-]{43}$/);
          await app.outbox.drain();
          const [queued] = await sql`select state from sms_messages where id = ${sent.messageId}`;
          assert.equal(queued.state, "queued", "Twilio's 500 left it for a retry");
          await runOutbox(app);
          const mine = fake.messages.slice(before);
          assert.equal(mine.length, 1, "the retry found the text Twilio took, and did not resend");
          assert.equal(mine[0].to, PHONE);
          assert.equal(mine[0].body, `Your shot on lane 1: ${sent.url}`);
          assert.deepEqual(mine[0].mediaUrls, [`${sent.url}/poster`]);
          const [row] = await sql`
            select state, provider_sid from sms_messages where id = ${sent.messageId}`;
          assert.deepEqual([row.state, row.provider_sid], ["sent", mine[0].sid]);

          // A re-run of the done fact (as after a crash past its commit) sends nothing.
          await sql`update outbox set done_at = null, available_at = now()
                    where fact_id = ${sent.messageId}`;
          await app.outbox.drain();
          assert.equal(fake.messages.length, before + 1);
          const token = sent.url.split("/s/")[1];
          await expectJson(await app.app.request(`/api/shares/${token}`), 200);
          assert.equal(fake.unauthorized, 0);
        },
      );

      await t.step(
        "a shot of someone else's cannot be texted, even to a verified number",
        async () => {
          await expectProblem(await textIt(staff, "no-such-shot-01"), 404, "unknown_shot");
          const stranger = await app.as("spectator", "stranger");
          await sql`insert into user_phones (user_id, phone, verified_at)
                  values (${stranger.id}, '+15550009999', now())`;
          await expectProblem(await textIt(stranger), 403, "shot_not_yours");
        },
      );
    } finally {
      await app.close();
      await fake.close();
    }
  });

  Deno.test(`without Twilio, texts are held for staff to read on ${kind}`, async () => {
    const app = await createTestApp(kind);
    const call = client(app);
    try {
      const staff = await app.as("staff");
      const user = await app.as("spectator", "offline");
      await expectJson(await call("POST", "/me/phone", user.headers, { phone: PHONE }), 202);
      await app.outbox.drain();
      await expectProblem(await call("GET", "/staff/sms", user.headers), 403, "forbidden");
      const [text] = await expectJson(await call("GET", "/staff/sms", staff.headers), 200);
      assert.equal(text.state, "held");
      assert.equal(text.to, PHONE);
      assert.equal(text.providerSid, null);
      const code = codeIn(text.body);
      assert.deepEqual(
        await expectJson(await call("POST", "/me/phone/verify", user.headers, { code }), 200),
        { phone: PHONE, verified: true },
      );
    } finally {
      await app.close();
    }
  });
}

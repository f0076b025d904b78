/**
 * Twilio's webhooks against the app over HTTP: status callbacks the fake
 * Twilio signs as Twilio does (checked with the SDK's `validateRequest`),
 * forged ones refused with nothing stored, and STOP / START from a phone.
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { startFakeTwilio } from "../sms/fake_twilio.ts";
import { notifyDeposit, notifyWithdrawal } from "../sms/notify.ts";
import { createTestApp } from "../testing.ts";
import { expectProblem } from "../users/testing.ts";

const PHONE = "+15557654321";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`Twilio status callbacks and STOP on ${kind}`, async (t) => {
    const fake = startFakeTwilio();
    let handler: (req: Request) => Response | Promise<Response> = () =>
      new Response(null, { status: 503 });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (req) => handler(req),
    );
    const base = `http://127.0.0.1:${server.addr.port}`;
    const app = await createTestApp(kind, {
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_FROM: "+15550001111",
      TWILIO_API_BASE: fake.url,
      PUBLIC_URL: base,
    });
    handler = app.app.fetch;
    fake.inboundUrl = `${base}/api/webhooks/twilio/inbound`;
    const { sql } = app.deps.db;
    const u = await app.as("bettor", "tess");
    await sql`insert into user_phones (user_id, phone, verified_at) values (${u.id}, ${PHONE}, now())`;
    const texts = () =>
      sql<
        {
          kind: string;
          state: string;
          provider_sid: string | null;
          delivery_status: string | null;
          delivery_error: number | null;
        }[]
      >`
        select kind, state, provider_sid, delivery_status, delivery_error from sms_messages
        where user_id = ${u.id} order by created_at, id`;
    const deposit = (paymentId: string) =>
      sql.begin((tx) =>
        notifyDeposit(tx, { userId: u.id, paymentId, amount: 1250, currency: "USD" })
      );
    try {
      let sid = "";
      await t.step("a text is sent with a status callback to PUBLIC_URL", async () => {
        assert.equal(await deposit(crypto.randomUUID()), true);
        await app.outbox.drain();
        const [m] = await texts();
        assert.equal(m.state, "sent");
        sid = m.provider_sid!;
        const sent = fake.messages.find((x) => x.sid === sid)!;
        assert.equal(sent.body, "Lanecast: your deposit of 12.50 USD is in your wallet.");
        assert.equal(sent.statusCallback, `${base}/api/webhooks/twilio`);
      });

      await t.step(
        "a signed status callback is stored; a late older status does not undo it",
        async () => {
          assert.equal(await fake.reportStatus(sid, "sent"), 200);
          assert.equal(await fake.reportStatus(sid, "undelivered", "30003"), 200);
          assert.equal(await fake.reportStatus(sid, "sent"), 200);
          const [m] = await texts();
          assert.deepEqual([m.delivery_status, m.delivery_error], ["undelivered", 30003]);
        },
      );

      await t.step(
        "a forged or wrongly signed callback is 400 bad_signature and stores nothing",
        async () => {
          const url = `${base}/api/webhooks/twilio`;
          const params = { MessageSid: sid, MessageStatus: "delivered" };
          const post = (signature: string | null, to = url) =>
            fetch(to, {
              method: "POST",
              headers: {
                "content-type": "application/x-www-form-urlencoded",
                ...(signature === null ? {} : { "x-twilio-signature": signature }),
              },
              body: new URLSearchParams(params),
            });
          await expectProblem(await post(null), 400, "bad_signature");
          await expectProblem(await post("AAAAAAAAAAAAAAAAAAAAAAAAAAA="), 400, "bad_signature");
          // Signed with another account's token.
          const other = startFakeTwilio();
          try {
            await expectProblem(await post(other.sign(url, params)), 400, "bad_signature");
          } finally {
            await other.close();
          }
          // Signed for another URL (a Host the attacker chose): the URL is PUBLIC_URL's.
          const elsewhere = "http://attacker.test/api/webhooks/twilio";
          await expectProblem(await post(fake.sign(elsewhere, params)), 400, "bad_signature");
          const [m] = await texts();
          assert.equal(m.delivery_status, "undelivered");
        },
      );

      await t.step(
        "STOP from the phone: nothing more is queued or sent to it; START resumes",
        async () => {
          assert.equal(await deposit("queued-before-stop"), true);
          const sentBefore = fake.messages.length;
          assert.equal(await fake.sendInbound(PHONE, " stop "), 200);
          await app.outbox.drain();
          assert.equal(fake.messages.length, sentBefore);
          assert.equal((await texts()).at(-1)!.state, "opted_out");
          // Asking for a verification code to a STOPped number says so instead of texting it.
          const res = await app.app.request("/api/me/phone", {
            method: "POST",
            headers: { ...u.headers, "content-type": "application/json" },
            body: JSON.stringify({ phone: PHONE }),
          });
          await expectProblem(res, 409, "phone_opted_out");
          const w = {
            userId: u.id,
            withdrawalId: crypto.randomUUID(),
            amount: 500,
            currency: "USD",
          };
          assert.equal(
            await sql.begin((tx) => notifyWithdrawal(tx, { ...w, outcome: "paid" })),
            false,
          );
          assert.equal(await fake.sendInbound(PHONE, "START"), 200);
          assert.equal(
            await sql.begin((tx) => notifyWithdrawal(tx, { ...w, outcome: "paid" })),
            true,
          );
          await app.outbox.drain();
          assert.equal(
            fake.messages.at(-1)!.body,
            "Lanecast: your withdrawal of 5.00 USD has been paid.",
          );
        },
      );

      await t.step("a forged STOP is refused and opts nothing out", async () => {
        const res = await fetch(fake.inboundUrl!, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": "bogus",
          },
          body: new URLSearchParams({ From: PHONE, Body: "STOP" }),
        });
        await expectProblem(res, 400, "bad_signature");
        assert.equal((await sql`select 1 from sms_opt_outs`).length, 0);
      });

      await t.step(
        "without PUBLIC_URL or Twilio the webhooks are 409 provider_unavailable",
        async () => {
          const bare = await createTestApp(kind);
          try {
            const res = await bare.app.request("/api/webhooks/twilio", { method: "POST" });
            await expectProblem(res, 409, "provider_unavailable");
          } finally {
            await bare.close();
          }
        },
      );
    } finally {
      await server.shutdown();
      await fake.close();
      await app.close();
    }
  });
}

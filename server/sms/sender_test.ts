/** The official Twilio SDK, pointed at the fake Twilio by TWILIO_API_BASE, on Twilio's wire format. */
import assert from "node:assert/strict";
import { startFakeTwilio } from "./fake_twilio.ts";
import { twilioSender } from "./sender.ts";

const config = (fake: { url: string; accountSid: string; authToken: string }, token?: string) => ({
  TWILIO_ACCOUNT_SID: fake.accountSid,
  TWILIO_AUTH_TOKEN: token ?? fake.authToken,
  TWILIO_FROM: "+15550001111",
  TWILIO_API_BASE: fake.url,
});

Deno.test("the SDK sends a text with its MMS media, form-encoded, with the account's Basic auth", async () => {
  const fake = startFakeTwilio();
  try {
    const sender = twilioSender(config(fake))!;
    const sid = await sender.send({
      to: "+15557654321",
      body: "Your shot: https://alley.example/s/abc",
      mediaUrl: "https://alley.example/s/abc/poster",
    });
    assert.match(sid, /^SM[0-9a-f]{32}$/);
    assert.deepEqual(fake.messages, [{
      sid,
      to: "+15557654321",
      from: "+15550001111",
      body: "Your shot: https://alley.example/s/abc",
      mediaUrls: ["https://alley.example/s/abc/poster"],
      // No PUBLIC_URL: no status callback asked for.
      statusCallback: null,
    }]);
    assert.equal(
      await sender.findSent({ to: "+15557654321", body: "Your shot: https://alley.example/s/abc" }),
      sid,
    );
    assert.equal(await sender.findSent({ to: "+15557654321", body: "another" }), null);
    assert.equal(fake.unauthorized, 0);
  } finally {
    await fake.close();
  }
});

Deno.test("a wrong auth token is refused by the fake as by Twilio, and nothing is sent", async () => {
  const fake = startFakeTwilio();
  try {
    const sender = twilioSender(config(fake, "wrong-token-0123456789"))!;
    await assert.rejects(
      sender.send({ to: "+15557654321", body: "hello" }),
      (err: { status?: number; code?: number }) => err.status === 401 && err.code === 20003,
    );
    assert.equal(fake.unauthorized, 1);
    assert.equal(fake.messages.length, 0);
  } finally {
    await fake.close();
  }
});

Deno.test("without an account sid, token and sender number there is no Twilio sender", () => {
  assert.equal(twilioSender({}), null);
  assert.equal(twilioSender({ TWILIO_ACCOUNT_SID: "AC1", TWILIO_AUTH_TOKEN: "t" }), null);
});

Deno.test("with PUBLIC_URL the SDK asks Twilio for status callbacks to /api/webhooks/twilio", async () => {
  const fake = startFakeTwilio();
  try {
    const sender = twilioSender({ ...config(fake), PUBLIC_URL: "https://alley.example/base/" })!;
    const sid = await sender.send({ to: "+15557654321", body: "hello" });
    const sent = fake.messages.find((m) => m.sid === sid)!;
    assert.equal(sent.statusCallback, "https://alley.example/api/webhooks/twilio");
    const off = twilioSender({
      ...config(fake),
      PUBLIC_URL: "https://alley.example",
      TWILIO_STATUS_CALLBACKS: false,
    })!;
    const quiet = await off.send({ to: "+15557654321", body: "quiet" });
    assert.equal(fake.messages.find((m) => m.sid === quiet)!.statusCallback, null);
  } finally {
    await fake.close();
  }
});

/**
 * Account mail through the outbox: to a real SMTP server (in-process
 * `smtp-server`) when SMTP_URL is set, held for admins when it is not.
 */
import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { signupTokenOf } from "../mail/signup_mail.ts";
import { startSmtpSink, textOf } from "../mail/smtp_sink.ts";
import { createTestApp } from "../testing.ts";
import { call, expectJson, expectProblem, signupUser } from "../users/testing.ts";

const PASSWORD = "correct horse battery";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`sign-up mail goes to the SMTP server of SMTP_URL (${kind})`, async (t) => {
    await using smtp = await startSmtpSink();
    const test = await createTestApp(kind, {
      SMTP_URL: smtp.url,
      MAIL_FROM: "Lanecast <mail@alley.test>",
      PUBLIC_URL: "https://bowl.example",
    });
    const { app, deps, outbox } = test;
    const sql = deps.db.sql;
    const signup = (email: string) =>
      call(app, "POST", "/api/auth/signup", { email, password: PASSWORD, displayName: "Ann" });
    try {
      await t.step("a new address gets a link that creates the account", async () => {
        await expectJson(await signup("ann@example.com"), 202);
        await outbox.drain();
        assert.equal(smtp.received.length, 1);
        const [mail] = smtp.received;
        assert.deepEqual(mail.to, ["ann@example.com"]);
        assert.equal(mail.from, "mail@alley.test");
        assert.match(mail.raw, /^Subject: Confirm your Lanecast account\r?$/m);
        const text = textOf(mail);
        assert.match(text, /https:\/\/bowl\.example\/signup\/confirm#token=/);
        const token = signupTokenOf(text);
        assert.ok(token);
        const [stored] = await sql`select state, body, sent_at from mail_messages`;
        assert.equal(stored.state, "sent");
        assert.ok(stored.sent_at);
        assert.equal(signupTokenOf(stored.body), null, "the stored copy loses its link");
        assert.ok(!stored.body.includes(token));
        const made = await call(app, "POST", "/api/auth/signup/confirm", { token });
        const body = await expectJson(made, 201);
        assert.equal(body.user.email, "ann@example.com");
      });

      await t.step("a taken address's owner gets a notice, and no link", async () => {
        await expectJson(await signup("ANN@example.com"), 202);
        await outbox.drain();
        assert.equal(smtp.received.length, 2);
        const notice = smtp.received[1];
        assert.deepEqual(notice.to, ["ANN@example.com"]);
        assert.match(notice.raw, /^Subject: Someone tried to sign up with your email\r?$/m);
        assert.match(textOf(notice), /https:\/\/bowl\.example\/login/);
        assert.equal(signupTokenOf(textOf(notice)), null);
      });

      await t.step("a mail the SMTP server refuses stays queued and is retried", async () => {
        await smtp[Symbol.asyncDispose]();
        await expectJson(await signup("bob@example.com"), 202);
        assert.equal(await outbox.step(), "failed");
        const [row] = await sql`
          select m.state, o.last_error from mail_messages m
          join outbox o on o.fact_id = m.id::text and o.topic = 'mail.send'
          where m.to_email = 'bob@example.com'`;
        assert.equal(row.state, "queued");
        assert.ok(row.last_error);
      });
    } finally {
      await test.close();
    }
  });

  Deno.test(`without SMTP_URL, mail is held for admins and logged (${kind})`, async () => {
    const test = await createTestApp(kind);
    try {
      const admin = await test.as("admin");
      const staff = await test.as("staff");
      await expectJson(
        await call(test.app, "POST", "/api/auth/signup", {
          email: "cy@example.com",
          password: PASSWORD,
          displayName: "Cy",
        }),
        202,
      );
      await test.outbox.drain();
      const list = await call(test.app, "GET", "/api/staff/mail?to=CY@example.com", undefined, {
        token: admin.token,
      });
      const mail = await expectJson(list, 200);
      assert.equal(mail.length, 1);
      assert.equal(mail[0].state, "held");
      assert.equal(mail[0].kind, "signup_confirm");
      assert.ok(signupTokenOf(mail[0].body), "an admin can follow the held link");
      await expectProblem(
        await call(test.app, "GET", "/api/staff/mail", undefined, { token: staff.token }),
        403,
        "forbidden",
      );
      await expectProblem(await call(test.app, "GET", "/api/staff/mail"), 401, null);
      // The test helper signs up the same way.
      const dee = await signupUser(test, "dee@example.com");
      assert.ok(dee.accessToken);
    } finally {
      await test.close();
    }
  });
}

import assert from "node:assert/strict";
import { TEST_DB_KINDS } from "../../tools/postgres.ts";
import { createTestApp } from "../testing.ts";
import { adminUpdateUser } from "../users/admin.ts";
import { call, expectJson, expectProblem, signupUser } from "../users/testing.ts";
import type { SqlOrTx } from "../db.ts";
import { createStanding, STANDING_MEMO_MS, standingOf } from "./standing.ts";

const PASSWORD = "correct horse battery";

for (const kind of TEST_DB_KINDS) {
  Deno.test(`access tokens follow the user's standing at once (${kind})`, async (t) => {
    const { app, deps, as, close } = await createTestApp(kind, { TRUST_PROXY: "true" });
    const sql = deps.db.sql;
    const login = async (email: string, password = PASSWORD) =>
      await expectJson(
        await call(app, "POST", "/api/auth/login", { email, password, refreshTokenInBody: true }),
        200,
      );
    const signup = (email: string) =>
      signupUser({ app, deps }, email, { refreshTokenInBody: true });
    const patchUser = (id: string, body: unknown, token: string) =>
      call(app, "PATCH", `/api/users/${id}`, body, { token });
    const get = (path: string, token: string) => call(app, "GET", path, undefined, { token });
    const refused = async (path: string, token: string, status: number, code: string) =>
      await expectProblem(await get(path, token), status, code);
    try {
      const root = await as("admin", "root");

      await t.step(
        "a demoted admin's unexpired token is refused on admin routes and cannot re-promote itself",
        async () => {
          const rogue = await as("admin", "rogue");
          await expectJson(await get("/api/users", rogue.token), 200);
          await expectJson(await patchUser(rogue.id, { role: "spectator" }, root.token), 200);
          await refused("/api/users", rogue.token, 403, "forbidden");
          await refused("/api/staff/lanes", rogue.token, 403, "forbidden");
          await expectProblem(
            await patchUser(rogue.id, { role: "admin" }, rogue.token),
            403,
            "forbidden",
          );
          const [row] = await sql`select role from users where id = ${rogue.id}`;
          assert.equal(row.role, "spectator");
        },
      );

      await t.step("a promotion works at once too, without a refresh", async () => {
        const s = await signup("promoted@example.com");
        await refused("/api/staff/lanes", s.accessToken, 403, "forbidden");
        await expectJson(await patchUser(s.user.id, { role: "staff" }, root.token), 200);
        await expectJson(await get("/api/staff/lanes", s.accessToken), 200);
      });

      await t.step(
        "a disabled user's token is refused at once, and enabling them again does not revive the login",
        async () => {
          const s = await signup("disabled@example.com");
          await expectJson(await patchUser(s.user.id, { role: "staff" }, root.token), 200);
          const staff = { token: s.accessToken };
          await expectJson(await get("/api/staff/lanes", staff.token), 200);
          await expectJson(await patchUser(s.user.id, { disabled: true }, root.token), 200);
          await refused("/api/staff/lanes", staff.token, 401, "account_disabled");
          await refused("/api/me", staff.token, 401, "account_disabled");
          await expectJson(await patchUser(s.user.id, { disabled: false }, root.token), 200);
          await refused("/api/staff/lanes", staff.token, 401, "login_ended");
        },
      );

      await t.step(
        "a password change ends the other logins' access tokens at once, not its own",
        async () => {
          await signup("pat@example.com");
          const here = await login("pat@example.com");
          const there = await login("pat@example.com");
          await expectJson(await get("/api/me", there.accessToken), 200);
          const res = await call(app, "POST", "/api/auth/password", {
            currentPassword: PASSWORD,
            newPassword: "a brand new secret",
          }, { token: here.accessToken });
          assert.equal(res.status, 204);
          await refused("/api/me", there.accessToken, 401, "login_ended");
          await expectJson(await get("/api/me", here.accessToken), 200);
        },
      );

      await t.step("logout ends the login's access tokens at once", async () => {
        const s = await login("pat@example.com", "a brand new secret");
        const other = await login("pat@example.com", "a brand new secret");
        await expectJson(await get("/api/me", s.accessToken), 200);
        const res = await call(app, "POST", "/api/auth/logout", { refreshToken: s.refreshToken });
        assert.equal(res.status, 204);
        await refused("/api/me", s.accessToken, 401, "login_ended");
        await expectJson(await get("/api/me", other.accessToken), 200);
      });

      await t.step(
        "adminUpdateUser() re-reads the acting admin in its transaction: of two admins demoting each other, the second is refused",
        async () => {
          const a = await as("admin", "duel-a");
          const b = await as("admin", "duel-b");
          const o = { sql, standing: standingOf(deps) };
          // Both passed the guard as admins; a commits first.
          await adminUpdateUser(o, a, b.id, { role: "spectator" });
          await assert.rejects(
            adminUpdateUser(o, b, a.id, { role: "spectator" }),
            (err: Error & { code?: string }) => err.code === "forbidden",
          );
          const [row] = await sql`select role from users where id = ${a.id}`;
          assert.equal(row.role, "admin");
        },
      );
    } finally {
      await close();
    }
  });
}

Deno.test("createStanding() caches a user's standing until forget(), then reads it again", async () => {
  const { deps, as, close } = await createTestApp("pglite");
  try {
    const standing = createStanding({ sql: deps.db.sql, kv: deps.kv });
    const u = await as("staff", "cached");
    assert.deepEqual(await standing.of(u.id), { role: "staff", disabled: false, loginLive: true });
    await deps.db.sql`update users set role = 'bettor' where id = ${u.id}`;
    assert.equal((await standing.of(u.id))?.role, "staff", "cached");
    await standing.forget(u.id);
    assert.equal((await standing.of(u.id))?.role, "bettor");
    const unknownLogin = crypto.randomUUID();
    assert.equal((await standing.of(u.id, unknownLogin))?.loginLive, false);
    assert.equal(await standing.of(crypto.randomUUID()), null);
  } finally {
    await close();
  }
});

Deno.test("a read that raced a change does not cache the state from before it", async () => {
  using kv = await Deno.openKv(":memory:");
  let role = "admin";
  let reads = 0;
  let release = () => {};
  let gate: Promise<void> = Promise.resolve();
  // A database whose first read is held until the test lets it answer (with the role of then).
  const sql = (async () => {
    reads++;
    const seen = role;
    await gate;
    return [{ role: seen, disabled: false, live: true }];
  }) as unknown as SqlOrTx;
  const standing = createStanding({ sql, kv });
  const id = crypto.randomUUID();
  gate = new Promise((r) => release = r);
  const racing = standing.of(id);
  await new Promise((r) => setTimeout(r, 10));
  role = "spectator"; // the demotion commits while the read is in flight…
  await standing.forget(id); // …and drops the cache
  release();
  assert.equal((await racing)?.role, "admin", "that request was served before the change");
  assert.equal((await standing.of(id))?.role, "spectator", "but the old state was not cached");
  assert.equal(reads, 2);
  assert.equal((await standing.of(id))?.role, "spectator");
  assert.equal(reads, 2, "the new state is cached");
});

Deno.test("a process answers from its memo for STANDING_MEMO_MS, and forget() in it takes effect at once", async () => {
  const dir = await Deno.makeTempDir();
  // Two processes sharing one KV store: two handles on the same file.
  using kvA = await Deno.openKv(`${dir}/kv.sqlite`);
  using kvB = await Deno.openKv(`${dir}/kv.sqlite`);
  let role = "bettor";
  let reads = 0;
  const sql = (() => {
    reads++;
    return Promise.resolve([{ role, disabled: false, live: true }]);
  }) as unknown as SqlOrTx;
  let clock = 0;
  const now = () => clock;
  const a = createStanding({ sql, kv: kvA, now });
  const b = createStanding({ sql, kv: kvB, now });
  const id = crypto.randomUUID();
  try {
    assert.equal((await a.of(id))?.role, "bettor");
    assert.equal(reads, 1);
    role = "spectator";
    await b.forget(id); // the change, made in the other process
    assert.equal((await a.of(id))?.role, "bettor", "this process's memo still answers");
    assert.equal(reads, 1);
    clock += STANDING_MEMO_MS;
    assert.equal((await a.of(id))?.role, "spectator", "after the memo's time, the change shows");
    assert.equal(reads, 2);

    role = "staff";
    // A forget() through another Standing of this process (each route makes its own) drops the memo.
    await createStanding({ sql, kv: kvA, now }).forget(id);
    assert.equal((await a.of(id))?.role, "staff", "at once in the process that made the change");
  } finally {
    kvA.close();
    kvB.close();
    await Deno.remove(dir, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { AuthSession, SIGNED_IN_KEY, type User } from "./session.ts";

const STAFF: User = { id: "u1", email: "s@alley.test", displayName: "Sam", role: "staff" };

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

function problem(status: number, code: string) {
  return Response.json({ status, code, detail: code, title: code }, {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

/**
 * A fake API and the browser's cookie jar: the refresh token ("r1" → "r2" …)
 * lives only in `jar.cookie`, set by login and refresh and sent with every
 * call, as an HttpOnly cookie is; access tokens are "a1", "a2" …
 */
function fakeServer() {
  let n = 0;
  const valid = new Set<string>();
  const spent = new Set<string>();
  const jar: { cookie: string | null } = { cookie: null };
  const calls: { path: string; auth: string | null; body?: unknown; cookie: string | null }[] = [];
  const pair = () => {
    n++;
    valid.add(`a${n}`);
    jar.cookie = `r${n}`;
    return { user: STAFF, accessToken: `a${n}`, expiresIn: 900 };
  };
  const answer = (input: RequestInfo | URL, init?: RequestInit): Response => {
    const path = new URL(String(input), "http://x").pathname;
    const auth = new Headers(init?.headers).get("authorization");
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const cookie = jar.cookie;
    calls.push({ path, auth, body, cookie });
    if (path === "/api/auth/login") {
      return body.password === "right" ? Response.json(pair()) : problem(401, "bad_credentials");
    }
    if (path === "/api/auth/refresh") {
      if (!cookie) return problem(400, "refresh_token_missing");
      if (spent.has(cookie) || !/^r\d+$/.test(cookie)) {
        jar.cookie = null;
        return problem(401, "invalid_refresh");
      }
      spent.add(cookie);
      return Response.json(pair());
    }
    if (path === "/api/auth/signup") {
      return Response.json({ status: "check-email" }, { status: 202 });
    }
    if (path === "/api/auth/signup/confirm") {
      if (body.token !== "link-token") return problem(400, "signup_link_invalid");
      return Response.json({ ...pair(), next: "/lanes/2/check-in?code=ab" }, { status: 201 });
    }
    if (path === "/api/auth/logout-everywhere") {
      jar.cookie = null;
      return Response.json({ revoked: 2 });
    }
    if (path === "/api/auth/logout") {
      jar.cookie = null;
      return new Response(null, { status: 204 });
    }
    if (!auth || !valid.has(auth.replace("Bearer ", ""))) return problem(401, "expired_token");
    return Response.json({ ok: true, path });
  };
  const fetch = (input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(answer(input, init));
  return {
    calls,
    jar,
    fetch: fetch as typeof globalThis.fetch,
    expire: () => valid.clear(),
  };
}

Deno.test("login() keeps the access token in memory and stores no token, only a signed-in hint", async () => {
  const server = fakeServer();
  const storage = memoryStorage();
  const auth = new AuthSession({ fetch: server.fetch, storage, locks: null });
  const user = await auth.login("s@alley.test", "right");
  assert.deepEqual(user, STAFF);
  assert.equal(auth.status.value, "signedIn");
  assert.equal(auth.isStaff.value, true);
  assert.equal(auth.isAdmin.value, false);
  assert.deepEqual(server.calls[0].body, { email: "s@alley.test", password: "right" });
  assert.equal(server.jar.cookie, "r1", "the refresh token is the cookie's");
  assert.deepEqual([...storage.map.entries()], [[SIGNED_IN_KEY, "1"]]);
  const response = await auth.fetch("/api/me");
  assert.equal(response.status, 200);
  assert.equal(server.calls.at(-1)?.auth, "Bearer a1");
});

Deno.test("login() with a wrong password throws and stays signed out", async () => {
  const server = fakeServer();
  const auth = new AuthSession({ fetch: server.fetch, storage: memoryStorage(), locks: null });
  await auth.restore();
  await assert.rejects(auth.login("s@alley.test", "wrong"), { status: 401 });
  assert.equal(auth.status.value, "signedOut");
  assert.equal(auth.user.value, null);
});

Deno.test("fetch() renews the access token once on a 401 and retries", async () => {
  const server = fakeServer();
  const storage = memoryStorage();
  const auth = new AuthSession({ fetch: server.fetch, storage, locks: null });
  await auth.login("s@alley.test", "right");
  server.expire();
  const response = await auth.fetch("/api/staff/lanes");
  assert.equal(response.status, 200);
  assert.deepEqual(server.calls.slice(-3).map((c) => [c.path, c.auth]), [
    ["/api/staff/lanes", "Bearer a1"],
    ["/api/auth/refresh", null],
    ["/api/staff/lanes", "Bearer a2"],
  ]);
  const renewal = server.calls.at(-2)!;
  assert.equal(renewal.body, undefined, "the renewal sends no token, the cookie goes by itself");
  assert.equal(renewal.cookie, "r1");
  assert.equal(server.jar.cookie, "r2");
  assert.equal(storage.map.get(SIGNED_IN_KEY), "1");
});

Deno.test("concurrent 401s share one renewal", async () => {
  const server = fakeServer();
  const auth = new AuthSession({ fetch: server.fetch, storage: memoryStorage(), locks: null });
  await auth.login("s@alley.test", "right");
  server.expire();
  const answers = await Promise.all([auth.fetch("/api/a"), auth.fetch("/api/b")]);
  assert.deepEqual(answers.map((r) => r.status), [200, 200]);
  assert.equal(server.calls.filter((c) => c.path === "/api/auth/refresh").length, 1);
});

Deno.test("a refused refresh cookie signs out and the 401 is returned", async () => {
  const server = fakeServer();
  const storage = memoryStorage();
  const auth = new AuthSession({ fetch: server.fetch, storage, locks: null });
  await auth.login("s@alley.test", "right");
  server.jar.cookie = "revoked";
  server.expire();
  const response = await auth.fetch("/api/staff/lanes");
  assert.equal(response.status, 401);
  assert.equal(auth.status.value, "signedOut");
  assert.equal(storage.map.has(SIGNED_IN_KEY), false);
});

Deno.test("restore() signs in with the refresh cookie when this browser was signed in", async () => {
  const server = fakeServer();
  const storage = memoryStorage();
  storage.setItem(SIGNED_IN_KEY, "1");
  server.jar.cookie = "r0";
  const auth = new AuthSession({ fetch: server.fetch, storage, locks: null });
  assert.equal(auth.status.value, "restoring");
  await auth.restore();
  assert.equal(auth.status.value, "signedIn");
  assert.deepEqual(auth.user.value, STAFF);
  assert.equal(server.jar.cookie, "r1");
});

Deno.test("restore() with the hint but no cookie (it expired) is signed out", async () => {
  const server = fakeServer();
  const storage = memoryStorage();
  storage.setItem(SIGNED_IN_KEY, "1");
  const auth = new AuthSession({ fetch: server.fetch, storage, locks: null });
  await auth.restore();
  assert.equal(auth.status.value, "signedOut");
  assert.equal(storage.map.has(SIGNED_IN_KEY), false);
});

Deno.test("a refresh token stored by an earlier version is removed", () => {
  const storage = memoryStorage();
  storage.setItem("lanecast.refreshToken", "r0");
  new AuthSession({ fetch: fakeServer().fetch, storage, locks: null });
  assert.equal(storage.map.size, 0);
});

Deno.test("restore() in a browser that never signed in is signed out without asking the server", async () => {
  const server = fakeServer();
  const auth = new AuthSession({ fetch: server.fetch, storage: memoryStorage(), locks: null });
  await auth.restore();
  assert.equal(auth.status.value, "signedOut");
  assert.deepEqual(server.calls, []);
});

Deno.test("logout() ends the login on the server by its cookie and forgets the access token", async () => {
  const server = fakeServer();
  const storage = memoryStorage();
  const auth = new AuthSession({ fetch: server.fetch, storage, locks: null });
  await auth.login("s@alley.test", "right");
  await auth.logout();
  assert.deepEqual(server.calls.at(-1), {
    path: "/api/auth/logout",
    auth: null,
    body: undefined,
    cookie: "r1",
  });
  assert.equal(server.jar.cookie, null);
  assert.equal(auth.user.value, null);
  assert.equal(storage.map.size, 0);
  const response = await auth.fetch("/api/staff/lanes");
  assert.equal(response.status, 401);
  assert.equal(server.calls.at(-1)?.auth, null);
});

Deno.test("fetch() renews ahead of a 401 when the access token is about to expire", async () => {
  const server = fakeServer();
  let now = 1_000_000;
  const auth = new AuthSession({
    fetch: server.fetch,
    storage: memoryStorage(),
    locks: null,
    now: () => now,
  });
  await auth.login("s@alley.test", "right");
  now += 890_000;
  await auth.fetch("/api/x");
  assert.deepEqual(server.calls.slice(-2).map((c) => [c.path, c.auth]), [
    ["/api/auth/refresh", null],
    ["/api/x", "Bearer a2"],
  ]);
});

Deno.test("signing out in another tab signs this one out", async () => {
  const server = fakeServer();
  const auth = new AuthSession({ fetch: server.fetch, storage: memoryStorage(), locks: null });
  await auth.login("s@alley.test", "right");
  auth.onStorage({ key: SIGNED_IN_KEY, newValue: null });
  assert.equal(auth.status.value, "signedOut");
});

Deno.test("signup() only starts a sign-up; confirmSignup() signs in and answers where to go", async () => {
  const server = fakeServer();
  const storage = memoryStorage();
  const auth = new AuthSession({ fetch: server.fetch, storage, locks: null });
  await auth.restore();
  await auth.signup("s@alley.test", "a long password", "Sam", "/lanes/2/check-in?code=ab");
  assert.deepEqual(server.calls.at(-1)?.body, {
    email: "s@alley.test",
    password: "a long password",
    displayName: "Sam",
    next: "/lanes/2/check-in?code=ab",
  });
  assert.equal(auth.status.value, "signedOut", "no account until the mailed link is used");
  await assert.rejects(auth.confirmSignup("wrong"), { code: "signup_link_invalid" });
  assert.equal(auth.status.value, "signedOut");
  assert.equal(await auth.confirmSignup("link-token"), "/lanes/2/check-in?code=ab");
  assert.equal(auth.status.value, "signedIn");
  assert.equal(storage.map.get(SIGNED_IN_KEY), "1");
});

Deno.test("logoutEverywhere() asks the server with the access token and signs out here", async () => {
  const server = fakeServer();
  const storage = memoryStorage();
  const auth = new AuthSession({ fetch: server.fetch, storage, locks: null });
  await auth.login("s@alley.test", "right");
  await auth.logoutEverywhere();
  assert.deepEqual(server.calls.at(-1)?.path, "/api/auth/logout-everywhere");
  assert.equal(server.calls.at(-1)?.auth, "Bearer a1");
  assert.equal(auth.status.value, "signedOut");
  assert.equal(auth.user.value, null);
  assert.equal(storage.map.get(SIGNED_IN_KEY), undefined);
});

import assert from "node:assert/strict";
import { AuthSession } from "../auth/session.ts";
import { CheckInModel } from "./checkin_model.ts";

const CODE = "mz3k1.1.signature";
const USER = { id: "u1", email: "cy@alley.test", displayName: "Cy", role: "spectator" as const };

function problem(status: number, code: string) {
  return Response.json({ status, code, detail: code }, {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

function server(sessionOpen: boolean) {
  const calls: { method: string; path: string; auth: string | null; body?: unknown }[] = [];
  const sheet = (bowlers: { name: string; userId: string | null; position: number }[]) => ({
    id: "s1",
    laneId: "1",
    status: "open",
    bowlers,
  });
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input), "http://x").pathname;
    const method = init?.method ?? "GET";
    calls.push({
      method,
      path,
      auth: new Headers(init?.headers).get("authorization"),
      ...(init?.body ? { body: JSON.parse(String(init.body)) } : {}),
    });
    if (path === "/api/auth/login") {
      return Promise.resolve(
        Response.json({ user: USER, accessToken: "a1", refreshToken: "r1", expiresIn: 900 }),
      );
    }
    if (path === "/api/lanes/1") {
      return Promise.resolve(Response.json({ id: "1", name: "Lane 1", live: true, enabled: true }));
    }
    if (path === "/api/lanes/1/session") {
      return Promise.resolve(
        sessionOpen
          ? Response.json(sheet([{ name: "Ada", userId: null, position: 1 }]))
          : problem(404, "no_session"),
      );
    }
    if (path === "/api/lanes/1/check-in" && method === "POST") {
      return Promise.resolve(Response.json(sheet([
        { name: "Ada", userId: null, position: 1 },
        { name: "Cy", userId: "u1", position: 2 },
      ])));
    }
    return Promise.resolve(problem(404, "not_found"));
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

Deno.test("load() shows the lane and that no session is open", async () => {
  const { fetch } = server(false);
  const auth = new AuthSession({ fetch, storage: null, locks: null });
  const model = new CheckInModel("1", CODE, auth, fetch);
  await model.load();
  assert.equal(model.lane.value?.name, "Lane 1");
  assert.equal(model.session.value, null);
  assert.equal(model.error.value, null);
});

Deno.test("checkIn() sends the QR code's code as the signed-in user and finds their place", async () => {
  const { fetch, calls } = server(true);
  const auth = new AuthSession({ fetch, storage: null, locks: null });
  await auth.login(USER.email, "a long password");
  const model = new CheckInModel("1", CODE, auth, fetch);
  await model.load();
  assert.equal(model.position.value, null);
  assert.equal(await model.checkIn(), true);
  assert.deepEqual(calls.at(-1), {
    method: "POST",
    path: "/api/lanes/1/check-in",
    auth: "Bearer a1",
    body: { code: CODE },
  });
  assert.equal(model.position.value, 2);
});

Deno.test("checkIn() without a code from the QR code asks to scan it and sends nothing", async () => {
  const { fetch, calls } = server(true);
  const auth = new AuthSession({ fetch, storage: null, locks: null });
  await auth.login(USER.email, "a long password");
  const model = new CheckInModel("1", null, auth, fetch);
  await model.load();
  const before = calls.length;
  assert.equal(await model.checkIn(), false);
  assert.match(model.error.value ?? "", /Scan the QR code/);
  assert.equal(calls.length, before);
});

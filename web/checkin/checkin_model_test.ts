import assert from "node:assert/strict";
import { AuthSession } from "../auth/session.ts";
import { CheckInModel } from "./checkin_model.ts";

const USER = { id: "u1", email: "cy@alley.test", displayName: "Cy", role: "spectator" as const };

function problem(status: number, code: string) {
  return Response.json({ status, code, detail: code }, {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

function server(sessionOpen: boolean) {
  const calls: { method: string; path: string; auth: string | null }[] = [];
  const sheet = (bowlers: { name: string; userId: string | null; position: number }[]) => ({
    id: "s1",
    laneId: "1",
    status: "open",
    bowlers,
  });
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input), "http://x").pathname;
    const method = init?.method ?? "GET";
    calls.push({ method, path, auth: new Headers(init?.headers).get("authorization") });
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
  const model = new CheckInModel("1", auth, fetch);
  await model.load();
  assert.equal(model.lane.value?.name, "Lane 1");
  assert.equal(model.session.value, null);
  assert.equal(model.error.value, null);
});

Deno.test("checkIn() joins as the signed-in user and finds their place on the sheet", async () => {
  const { fetch, calls } = server(true);
  const auth = new AuthSession({ fetch, storage: null, locks: null });
  await auth.login(USER.email, "a long password");
  const model = new CheckInModel("1", auth, fetch);
  await model.load();
  assert.equal(model.position.value, null);
  assert.equal(await model.checkIn(), true);
  assert.deepEqual(calls.at(-1), {
    method: "POST",
    path: "/api/lanes/1/check-in",
    auth: "Bearer a1",
  });
  assert.equal(model.position.value, 2);
});

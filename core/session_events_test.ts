import assert from "node:assert/strict";
import { SESSION_EVENTS_REL, sessionEventsUrl } from "./session_events.ts";

Deno.test("sessionEventsUrl() finds the session-events link among others, relative to the endpoint", () => {
  const link =
    `<stun:stun.example.net>; rel="ice-server", </whep/1/s-1/events>; rel="${SESSION_EVENTS_REL}"; events="reconnect,closed"`;
  assert.equal(
    sessionEventsUrl(link, "http://127.0.0.1:8001/whep/1"),
    "http://127.0.0.1:8001/whep/1/s-1/events",
  );
});

Deno.test("sessionEventsUrl() is undefined without the link", () => {
  assert.equal(sessionEventsUrl(null, "http://sfu/whip/1"), undefined);
  assert.equal(
    sessionEventsUrl('<stun:a.example>; rel="ice-server"', "http://sfu/whip/1"),
    undefined,
  );
});

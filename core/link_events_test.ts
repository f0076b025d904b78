import assert from "node:assert/strict";
import { LINK_EVENTS_REL, linkEventsUrl } from "./link_events.ts";

Deno.test("linkEventsUrl() finds the link-events link among others, relative to the endpoint", () => {
  const link =
    `<stun:stun.example.net>; rel="ice-server", </whep/1/s-1/events>; rel="${LINK_EVENTS_REL}"; events="reconnect,closed"`;
  assert.equal(
    linkEventsUrl(link, "http://127.0.0.1:8001/whep/1"),
    "http://127.0.0.1:8001/whep/1/s-1/events",
  );
});

Deno.test("linkEventsUrl() is undefined without the link", () => {
  assert.equal(linkEventsUrl(null, "http://sfu/whip/1"), undefined);
  assert.equal(
    linkEventsUrl('<stun:a.example>; rel="ice-server"', "http://sfu/whip/1"),
    undefined,
  );
});

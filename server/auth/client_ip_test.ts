import assert from "node:assert/strict";
import { Hono } from "hono";
import { parseCidrList } from "../../core/ip_net.ts";
import { clientIp, normalizeIp, trustedProxies, UNKNOWN_IP } from "./client_ip.ts";

Deno.test("normalizeIp() keeps IPv4, unwraps IPv4-mapped and cuts IPv6 to its /64", () => {
  assert.equal(normalizeIp("203.0.113.9"), "203.0.113.9");
  assert.equal(normalizeIp("::ffff:203.0.113.9"), "203.0.113.9");
  assert.equal(normalizeIp("2001:db8:0:1:aaaa:bbbb:cccc:dddd"), "2001:db8:0:1::/64");
  assert.equal(normalizeIp("2001:DB8::1"), "2001:db8:0:0::/64");
  assert.equal(normalizeIp("[2001:db8:1:2::7]"), "2001:db8:1:2::/64");
  assert.equal(normalizeIp("fe80::1%eth0"), "fe80:0:0:0::/64");
  assert.equal(normalizeIp("::1"), "0:0:0:0::/64");
  assert.equal(normalizeIp("x".repeat(500)).length, 64);
});

Deno.test("clientIp() reads X-Forwarded-For only behind a trusted proxy", async () => {
  const seen: string[] = [];
  for (const trust of [false, true]) {
    const app = new Hono().get("/", (c) => {
      seen.push(clientIp(c, trust));
      return c.text("ok");
    });
    await app.request("/", { headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.9" } });
  }
  assert.deepEqual(seen, [UNKNOWN_IP, "203.0.113.9"]);
});

Deno.test("clientIp() reads the connection's peer address when served", async () => {
  let seen = "";
  const app = new Hono().get("/", (c) => {
    seen = clientIp(c, false);
    return c.text("ok");
  });
  await using server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  const res = await fetch(`http://127.0.0.1:${server.addr.port}/`, {
    headers: { "x-forwarded-for": "203.0.113.9" },
  });
  await res.body?.cancel();
  assert.equal(seen, "127.0.0.1");
});

Deno.test("clientIp() with trusted proxies takes X-Forwarded-For only from a peer inside them", async () => {
  const trust = trustedProxies(parseCidrList("10.0.0.0/8,fd00::/8"));
  const seen: string[] = [];
  const app = new Hono().get("/", (c) => {
    seen.push(clientIp(c, trust, c.req.header("x-test-peer")));
    return c.text("ok");
  });
  for (const peer of ["10.1.2.3", "::ffff:10.9.9.9", "fd00::5", "203.0.113.50", "11.0.0.1"]) {
    await app.request("/", {
      headers: { "x-forwarded-for": "198.51.100.7", "x-test-peer": peer },
    });
  }
  // Inside: what the proxy saw; outside (a client reaching the port directly): its own address.
  assert.deepEqual(seen, [
    "198.51.100.7",
    "198.51.100.7",
    "198.51.100.7",
    "203.0.113.50",
    "11.0.0.1",
  ]);
  assert.equal(trust("not an address"), false);
});

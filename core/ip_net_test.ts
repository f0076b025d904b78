import assert from "node:assert/strict";
import {
  inNet,
  parseCidr,
  parseCidrList,
  parseIp,
  parseIpv4,
  parseIpv6,
  unmapIpv4,
} from "./ip_net.ts";

Deno.test("parseIpv4() takes dotted quads only, not the short, octal or hex forms a resolver also reads", () => {
  assert.equal(parseIpv4("192.168.1.20"), 0xc0a80114n);
  for (
    const text of ["127.1", "0177.0.0.1", "0x7f.0.0.1", "2130706433", "1.2.3.256", "1.2.3.4.5", ""]
  ) {
    assert.equal(parseIpv4(text), null, text);
  }
});

Deno.test("parseIpv6() reads shortened, full and IPv4-tailed forms and refuses zones", () => {
  assert.equal(parseIpv6("::"), 0n);
  assert.equal(parseIpv6("::1"), 1n);
  assert.equal(parseIpv6("0:0:0:0:0:0:0:1"), 1n);
  assert.equal(parseIpv6("fe80::1"), 0xfe80n << 112n | 1n);
  assert.equal(parseIpv6("::ffff:127.0.0.1"), 0xffff7f000001n);
  for (
    const text of ["fe80::1%eth0", ":1", "1::2::3", "1:2:3:4:5:6:7", "12345::", "::ffff:1.2.3"]
  ) {
    assert.equal(parseIpv6(text), null, text);
  }
});

Deno.test("parseIp() takes URL brackets and unmapIpv4() sees the IPv4 inside a mapped address", () => {
  assert.deepEqual(parseIp("[::1]"), { family: 6, value: 1n });
  assert.deepEqual(unmapIpv4(parseIp("[::ffff:169.254.169.254]")!), parseIp("169.254.169.254"));
  assert.equal(parseIp("cam.local"), null);
});

Deno.test("inNet() tests membership by prefix, per family", () => {
  const lan = parseCidr("192.168.0.0/16");
  assert.ok(inNet(parseIp("192.168.200.1")!, lan));
  assert.ok(!inNet(parseIp("192.169.0.1")!, lan));
  assert.ok(!inNet(parseIp("::1")!, lan));
  assert.ok(inNet(parseIp("fd12::7")!, parseCidr("fc00::/7")));
  assert.ok(inNet(parseIp("8.8.8.8")!, parseCidr("0.0.0.0/0")));
  assert.ok(inNet(parseIp("10.1.2.3")!, parseCidr("10.1.2.3")));
});

Deno.test("parseCidrList() reads a comma-separated list and throws on a bad range", () => {
  assert.deepEqual(parseCidrList(" 10.0.0.0/8, fc00::/7 ").map((n) => n.prefix), [8, 7]);
  assert.deepEqual(parseCidrList(""), []);
  for (const bad of ["10.0.0.0/33", "cam.local/24", "10.0.0.0/8/1", "::/129", "10.0.0.0/x"]) {
    assert.throws(() => parseCidrList(bad), /is not an IP range/, bad);
  }
});

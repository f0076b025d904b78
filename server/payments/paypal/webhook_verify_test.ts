/** PayPal webhook self-verification against the fake PayPal's signatures and certificate. */
import assert from "node:assert/strict";
import { startFakePaypal } from "./fake_paypal.ts";
import { certUrlAllowed, createPaypalVerifier } from "./webhook_verify.ts";

/** A verifier for `fake` that counts its certificate fetches. */
function counted(fake: ReturnType<typeof startFakePaypal>) {
  let n = 0;
  const verifier = createPaypalVerifier({
    webhookId: fake.webhookId,
    apiBase: fake.url,
    fetch: (input, init) => (n++, fetch(input, init)),
  });
  return { verifier, fetches: () => n };
}

const body = JSON.stringify({ id: "WH-1", event_type: "PAYMENT.CAPTURE.COMPLETED", resource: {} });

Deno.test("a webhook PayPal signed for our webhook id verifies; the certificate is fetched once", async () => {
  const fake = startFakePaypal();
  const { verifier, fetches } = counted(fake);
  try {
    assert.equal(await verifier(new Headers(fake.sign(body)), body), true);
    assert.equal(await verifier(new Headers(fake.sign(body)), body), true);
    assert.equal(fetches(), 1);
  } finally {
    await fake.close();
  }
});

Deno.test("a changed body, another webhook id, a bad algorithm or a missing header does not verify", async () => {
  const fake = startFakePaypal();
  const verifier = createPaypalVerifier({ webhookId: fake.webhookId, apiBase: fake.url });
  try {
    const headers = fake.sign(body);
    assert.equal(await verifier(new Headers(headers), body.replace("WH-1", "WH-2")), false);
    assert.equal(
      await verifier(new Headers(fake.sign(body, { webhookId: "WH-OTHER" })), body),
      false,
    );
    assert.equal(
      await verifier(new Headers({ ...headers, "paypal-auth-algo": "SHA1withRSA" }), body),
      false,
    );
    const { ["paypal-transmission-sig"]: _sig, ...unsigned } = headers;
    assert.equal(await verifier(new Headers(unsigned), body), false);
    assert.equal(
      await verifier(new Headers({ ...headers, "paypal-transmission-sig": "AAAA" }), body),
      false,
    );
  } finally {
    await fake.close();
  }
});

Deno.test("a certificate URL outside PayPal's hosts is refused without being fetched", async () => {
  const fake = startFakePaypal();
  const attacker = startFakePaypal();
  const { verifier, fetches } = counted(fake);
  try {
    // Signed by the attacker's own key, for our webhook id, naming the attacker's certificate.
    const forged = attacker.sign(body, { webhookId: fake.webhookId });
    assert.equal(await verifier(new Headers(forged), body), false);
    assert.equal(fetches(), 0);
    // The attacker's signature with PayPal's certificate URL does not verify either.
    const mixed = { ...forged, "paypal-cert-url": fake.certUrl };
    assert.equal(await verifier(new Headers(mixed), body), false);
  } finally {
    await fake.close();
    await attacker.close();
  }
});

Deno.test("certUrlAllowed() takes PayPal's HTTPS API hosts and the configured base only", () => {
  const path = "/v1/notifications/certs/CERT-1";
  assert.equal(certUrlAllowed(`https://api.paypal.com${path}`), true);
  assert.equal(certUrlAllowed(`https://api-m.sandbox.paypal.com${path}`), true);
  assert.equal(certUrlAllowed(`http://api.paypal.com${path}`), false);
  assert.equal(certUrlAllowed(`https://api.paypal.com.evil.test${path}`), false);
  assert.equal(certUrlAllowed(`https://api.paypal.com:8443${path}`), false);
  assert.equal(certUrlAllowed(`https://x@api.paypal.com${path}`), false);
  assert.equal(certUrlAllowed(`https://api.paypal.com/other`), false);
  // One certificate name, nothing after it: no query, fragment or sub-path to vary the cache key.
  assert.equal(certUrlAllowed(`https://api.paypal.com${path}?v=1`), false);
  assert.equal(certUrlAllowed(`https://api.paypal.com${path}?`), false);
  assert.equal(certUrlAllowed(`https://api.paypal.com${path}#x`), false);
  assert.equal(certUrlAllowed(`https://api.paypal.com${path}/more`), false);
  assert.equal(certUrlAllowed(`https://api.paypal.com/v1/notifications/certs/`), false);
  assert.equal(certUrlAllowed(`http://127.0.0.1:9${path}`, "http://127.0.0.1:9"), true);
  assert.equal(certUrlAllowed(`http://127.0.0.1:10${path}`, "http://127.0.0.1:9"), false);
  assert.equal(certUrlAllowed("not a url"), false);
});

Deno.test("a request that cannot be PayPal's is refused before any fetch", async () => {
  const fake = startFakePaypal();
  const { verifier, fetches } = counted(fake);
  try {
    const headers = fake.sign(body);
    const bad: Record<string, string>[] = [
      { "paypal-transmission-sig": "AAAA" },
      { "paypal-transmission-sig": "not base64!" },
      { "paypal-transmission-sig": btoa("x".repeat(2048)) },
      { "paypal-transmission-id": "x".repeat(500) },
      { "paypal-transmission-time": "not a time" },
      { "paypal-cert-url": `${fake.certUrl}?again=1` },
      { "paypal-cert-url": `${fake.certUrl}/more` },
    ];
    for (const change of bad) {
      assert.equal(await verifier(new Headers({ ...headers, ...change }), body), false);
    }
    assert.equal(fetches(), 0, "nothing fetched for malformed requests");
    assert.equal(await verifier(new Headers(headers), body), true);
  } finally {
    await fake.close();
  }
});

Deno.test("unverified requests never push PayPal's certificate out of the cache", async () => {
  const fake = startFakePaypal();
  let fetches = 0;
  const verifier = createPaypalVerifier({
    webhookId: fake.webhookId,
    apiBase: fake.url,
    // Every certificate name serves a valid certificate (as PayPal's own might).
    fetch: (_input, init) => (fetches++, fetch(fake.certUrl, init)),
  });
  try {
    assert.equal(await verifier(new Headers(fake.sign(body)), body), true);
    assert.equal(fetches, 1);
    const wrongSig = btoa(String.fromCharCode(...new Uint8Array(256).fill(7)));
    for (let i = 0; i < 40; i++) {
      const headers = {
        ...fake.sign(body),
        "paypal-cert-url": `${fake.url}/v1/notifications/certs/OTHER-${i}`,
        "paypal-transmission-sig": wrongSig,
      };
      assert.equal(await verifier(new Headers(headers), body), false);
    }
    const before = fetches;
    assert.equal(await verifier(new Headers(fake.sign(body)), body), true);
    assert.equal(fetches, before, "the verified certificate is still cached");
  } finally {
    await fake.close();
  }
});

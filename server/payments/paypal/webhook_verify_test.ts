/** PayPal webhook self-verification against the fake PayPal's signatures and certificate. */
import assert from "node:assert/strict";
import { startFakePaypal } from "./fake_paypal.ts";
import { certUrlAllowed, createPaypalVerifier } from "./webhook_verify.ts";

const body = JSON.stringify({ id: "WH-1", event_type: "PAYMENT.CAPTURE.COMPLETED", resource: {} });

Deno.test("a webhook PayPal signed for our webhook id verifies; the certificate is fetched once", async () => {
  const fake = startFakePaypal();
  let fetches = 0;
  const verifier = createPaypalVerifier({
    webhookId: fake.webhookId,
    apiBase: fake.url,
    fetch: (input, init) => (fetches++, fetch(input, init)),
  });
  try {
    assert.equal(await verifier(new Headers(fake.sign(body)), body), true);
    assert.equal(await verifier(new Headers(fake.sign(body)), body), true);
    assert.equal(fetches, 1);
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
  let fetches = 0;
  const verifier = createPaypalVerifier({
    webhookId: fake.webhookId,
    apiBase: fake.url,
    fetch: (input, init) => (fetches++, fetch(input, init)),
  });
  try {
    // Signed by the attacker's own key, for our webhook id, naming the attacker's certificate.
    const forged = attacker.sign(body, { webhookId: fake.webhookId });
    assert.equal(await verifier(new Headers(forged), body), false);
    assert.equal(fetches, 0);
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
  assert.equal(certUrlAllowed(`http://127.0.0.1:9${path}`, "http://127.0.0.1:9"), true);
  assert.equal(certUrlAllowed(`http://127.0.0.1:10${path}`, "http://127.0.0.1:9"), false);
  assert.equal(certUrlAllowed("not a url"), false);
});

/** The PayPal client's configuration and amount conversion. */
import assert from "node:assert/strict";
import { loadServerConfig } from "../../config.ts";
import { createPaypalApi, fromPaypalValue, toPaypalValue } from "./client.ts";

Deno.test("PayPal is off without credentials, and the id and secret must come together", () => {
  assert.equal(createPaypalApi(loadServerConfig({})), null);
  assert.throws(
    () => loadServerConfig({ PAYPAL_CLIENT_ID: "id-only" }),
    /PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET must be set together/,
  );
  assert.throws(() => loadServerConfig({ PAYPAL_ENVIRONMENT: "live" }));
  const config = loadServerConfig({ PAYPAL_CLIENT_ID: "id", PAYPAL_CLIENT_SECRET: "secret" });
  assert.equal(config.PAYPAL_ENVIRONMENT, "sandbox");
  assert.notEqual(createPaypalApi(config), null);
});

Deno.test("amounts go to PayPal in the currency's decimals and come back as minor units", () => {
  assert.equal(toPaypalValue(1050, "USD"), "10.50");
  assert.equal(toPaypalValue(7, "EUR"), "0.07");
  assert.equal(toPaypalValue(500, "JPY"), "500");
  assert.equal(fromPaypalValue("10.50", "USD"), 1050);
  assert.equal(fromPaypalValue("0.07", "EUR"), 7);
  assert.equal(fromPaypalValue("500", "JPY"), 500);
});

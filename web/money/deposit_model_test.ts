import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import { DepositModel, PAYPAL_PENDING_KEY } from "./deposit_model.ts";
import type { Deposit, DepositStart, MoneyApi, PaymentsConfig } from "./money_api.ts";

const CONFIG: PaymentsConfig = {
  providers: ["sandbox", "stripe", "paypal"],
  stripePublishableKey: "pk_test_1",
  paypalClientId: "client",
  demo: true,
  currency: "USD",
  presets: [500, 1000, 2500, 5000],
};

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    map,
  };
}

function setup(answer: (body: { amount: number; provider: string }) => DepositStart) {
  const calls: { amount: number; provider: string; idempotencyKey: string }[] = [];
  const captures: string[] = [];
  let listed: Deposit[] = [];
  let credited = 0;
  const opened: string[] = [];
  let how: "closed" | "redirected" = "closed";
  const storage = memoryStorage();
  const api: Pick<MoneyApi, "config" | "deposit" | "capture" | "deposits"> = {
    config: () => Promise.resolve(CONFIG),
    deposit: (body) => {
      calls.push(body);
      try {
        return Promise.resolve(answer(body));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    capture: (id) => {
      captures.push(id);
      return Promise.resolve({
        deposit: { id, amount: 2500, provider: "paypal", state: "succeeded" },
      });
    },
    deposits: () => Promise.resolve({ items: listed, next: null }),
  };
  const model = new DepositModel({
    api,
    storage,
    onCredited: () => credited++,
    open: (url) => {
      opened.push(url);
      return Promise.resolve(how);
    },
    sleep: () => Promise.resolve(),
    pollTries: 3,
  });
  return {
    model,
    calls,
    captures,
    opened,
    storage,
    credited: () => credited,
    list: (d: Deposit[]) => listed = d,
    redirect: () => how = "redirected",
  };
}

const sandbox = (b: { amount: number }): DepositStart => ({
  deposit: { id: "d1", amount: b.amount, provider: "sandbox", state: "succeeded", demo: true },
});

Deno.test("DepositModel: a sandbox deposit of a preset lands at once", async () => {
  const s = setup(sandbox);
  await s.model.load();
  assert.equal(s.model.provider.value, "sandbox");
  s.model.choosePreset(2500);
  assert.equal(s.model.amountText.value, "25");
  await s.model.start();
  assert.equal(s.calls[0].amount, 2500);
  assert.equal(s.calls[0].provider, "sandbox");
  assert.match(s.calls[0].idempotencyKey, /^web-/);
  assert.equal(s.model.phase.value.step, "done");
  assert.equal(s.credited(), 1);
});

Deno.test("DepositModel refuses an amount under 1.00 or not a number without calling the API", async () => {
  const s = setup(sandbox);
  for (const text of ["", "0.5", "abc"]) {
    s.model.amountText.value = text;
    await s.model.start();
    assert.match(s.model.error.value!, /at least 1\.00/);
  }
  assert.equal(s.calls.length, 0);
});

Deno.test("DepositModel shows a deposit limit in plain words and the next try is a new deposit", async () => {
  let refuse = true;
  const s = setup((b) => {
    if (refuse) throw new ApiError({ status: 422, code: "deposit-limit", detail: "raw" });
    return sandbox(b);
  });
  s.model.amountText.value = "50";
  await s.model.start();
  assert.equal(s.model.phase.value.step, "choose");
  assert.match(s.model.error.value!, /over your deposit limit/);
  refuse = false;
  s.model.amountText.value = "10";
  await s.model.start();
  assert.notEqual(s.calls[0].idempotencyKey, s.calls[1].idempotencyKey);
  assert.equal(s.model.phase.value.step, "done");
});

Deno.test("DepositModel retries a deposit whose answer was lost with the same key", async () => {
  let lose = true;
  const s = setup((b) => {
    if (lose) throw new TypeError("network");
    return sandbox(b);
  });
  s.model.amountText.value = "10";
  await s.model.start();
  assert.match(s.model.error.value!, /Cannot reach the server/);
  lose = false;
  await s.model.start();
  assert.equal(s.calls[0].idempotencyKey, s.calls[1].idempotencyKey);
});

Deno.test("DepositModel: Stripe shows the card form, then waits until the webhook credited", async () => {
  const s = setup((b) => ({
    deposit: { id: "pi-dep", amount: b.amount, provider: "stripe", state: "created" },
    stripe: { clientSecret: "pi_1_secret_2", publishableKey: "pk_test_1", paymentIntentId: "pi_1" },
  }));
  s.model.provider.value = "stripe";
  s.model.amountText.value = "25";
  await s.model.start();
  const phase = s.model.phase.value;
  assert.equal(phase.step, "card");
  if (phase.step !== "card") return;
  assert.equal(phase.stripe.clientSecret, "pi_1_secret_2");
  assert.equal(s.credited(), 0, "nothing is credited before the webhook");
  s.list([{ id: "pi-dep", amount: 2500, provider: "stripe", state: "succeeded" }]);
  await s.model.paid(phase.deposit);
  assert.equal(s.model.phase.value.step, "done");
  assert.equal(s.credited(), 1);
});

Deno.test("DepositModel: a Stripe deposit still unconfirmed after waiting says it will land later", async () => {
  const s = setup(() => ({
    deposit: { id: "pi-dep", amount: 2500, provider: "stripe", state: "created" },
    stripe: { clientSecret: "s", publishableKey: "pk", paymentIntentId: "pi" },
  }));
  s.list([{ id: "pi-dep", amount: 2500, provider: "stripe", state: "created" }]);
  await s.model.paid({ id: "pi-dep", amount: 2500 });
  assert.equal(s.model.phase.value.step, "waiting");
  assert.match(s.model.error.value!, /still being confirmed/);
});

Deno.test("DepositModel: a failed Stripe payment goes back to the form and says no money was taken", async () => {
  const s = setup(sandbox);
  s.list([{ id: "x", amount: 2500, provider: "stripe", state: "failed" }]);
  await s.model.paid({ id: "x", amount: 2500 });
  assert.equal(s.model.phase.value.step, "choose");
  assert.match(s.model.error.value!, /No money was taken/);
});

const paypalStart = (b: { amount: number }): DepositStart => ({
  deposit: { id: "pp-dep", amount: b.amount, provider: "paypal", state: "created" },
  paypal: { orderId: "ORDER1", approveUrl: "https://paypal.example/approve?token=ORDER1" },
});

Deno.test("DepositModel: PayPal's approval page opens, and the order is captured once it closes", async () => {
  const s = setup(paypalStart);
  s.model.provider.value = "paypal";
  s.model.amountText.value = "25";
  await s.model.start();
  assert.deepEqual(s.opened, ["https://paypal.example/approve?token=ORDER1"]);
  assert.deepEqual(s.captures, ["pp-dep"]);
  assert.equal(s.model.phase.value.step, "done");
  assert.equal(s.credited(), 1);
  assert.ok(!s.storage.map.has(PAYPAL_PENDING_KEY));
});

Deno.test("DepositModel: a PayPal page closed without approving says no money was taken", async () => {
  const s = setup(paypalStart);
  const refusing = new DepositModel({
    api: {
      config: () => Promise.resolve(CONFIG),
      deposit: (b) => Promise.resolve(paypalStart(b)),
      capture: () => Promise.reject(new ApiError({ status: 422, code: "order_not_approved" })),
      deposits: () => Promise.resolve({ items: [], next: null }),
    },
    storage: s.storage,
    open: () => Promise.resolve("closed"),
  });
  refusing.provider.value = "paypal";
  refusing.amountText.value = "25";
  await refusing.start();
  assert.equal(refusing.phase.value.step, "choose");
  assert.match(refusing.error.value!, /not completed\. No money was taken/);
});

Deno.test("DepositModel: PayPal without an approval page is refused in plain words", async () => {
  const s = setup((b) => ({ ...paypalStart(b), paypal: { orderId: "O", approveUrl: null } }));
  s.model.provider.value = "paypal";
  s.model.amountText.value = "25";
  await s.model.start();
  assert.deepEqual(s.opened, []);
  assert.match(s.model.error.value!, /PayPal isn't available/);
});

Deno.test("DepositModel: PayPal by redirect captures on the way back, only for its own order", async () => {
  const s = setup(paypalStart);
  s.redirect();
  s.model.provider.value = "paypal";
  s.model.amountText.value = "25";
  await s.model.start();
  assert.equal(s.model.phase.value.step, "redirecting");
  assert.deepEqual(s.captures, []);
  assert.ok(s.storage.map.has(PAYPAL_PENDING_KEY));
  // A fresh page after the redirect, with the same storage.
  assert.equal(await s.model.resume("?token=OTHER&PayerID=P"), false);
  assert.equal(await s.model.resume("?token=ORDER1&PayerID=PAYER"), true);
  assert.deepEqual(s.captures, ["pp-dep"]);
  assert.equal(s.model.phase.value.step, "done");
  assert.ok(!s.storage.map.has(PAYPAL_PENDING_KEY));
});

Deno.test("DepositModel: back from PayPal without approving captures nothing", async () => {
  const s = setup(sandbox);
  s.storage.setItem(
    PAYPAL_PENDING_KEY,
    JSON.stringify({ depositId: "pp", orderId: "ORDER2", amount: 100 }),
  );
  assert.equal(await s.model.resume("?token=ORDER2"), true);
  assert.deepEqual(s.captures, []);
  assert.match(s.model.error.value!, /canceled/);
});

Deno.test("DepositModel: back from Stripe's card check waits for that deposit", async () => {
  const s = setup(sandbox);
  s.list([{ id: "dep9", amount: 2500, provider: "stripe", state: "succeeded" }]);
  assert.equal(s.model.resumeStripe("?deposit=dep9&redirect_status=succeeded"), true);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(s.model.phase.value.step, "done");
  assert.equal(s.model.resumeStripe("?deposit=dep9&redirect_status=failed"), true);
  assert.match(s.model.error.value!, /did not go through/);
  assert.equal(s.model.resumeStripe(""), false);
});

Deno.test("DepositModel: the card form uses the config's publishable key when the answer has none", async () => {
  const s = setup(() => ({
    deposit: { id: "d", amount: 500, provider: "stripe", state: "created" },
    stripe: { clientSecret: "cs", publishableKey: null, paymentIntentId: "pi" },
  }));
  s.model.provider.value = "stripe";
  s.model.amountText.value = "5";
  await s.model.start();
  assert.match(s.model.error.value!, /Card payments aren't available/, "no key known yet");
  await s.model.load();
  await s.model.start();
  const phase = s.model.phase.value;
  assert.equal(phase.step === "card" && phase.stripe.publishableKey, "pk_test_1");
});

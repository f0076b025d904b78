import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import type { Wallet } from "./betting_api.ts";
import { isWallet, WalletModel } from "./wallet_model.ts";

const wallet = (available: number, pending = 0): Wallet => ({
  currency: "USD",
  available,
  pending,
  balance: available + pending,
  demo: true,
  bettor: true,
});

function setup() {
  let server = wallet(0);
  const deposits: { amount: number; key: string }[] = [];
  const model = new WalletModel({
    wallet: () => Promise.resolve(server),
    deposit: (amount, key) => {
      if (amount > 100_000) {
        return Promise.reject(new ApiError({ status: 400, detail: "Must be at most 100000" }));
      }
      deposits.push({ amount, key });
      server = wallet(server.available + amount);
      return Promise.resolve({});
    },
    transactions: () => Promise.resolve({ items: [], next: null }),
  });
  return { model, deposits };
}

Deno.test("WalletModel shows the available balance in dollars once loaded", async () => {
  const { model } = setup();
  assert.equal(model.availableText.value, null);
  await model.load();
  assert.equal(model.availableText.value, "$0.00");
  model.receive(wallet(1234, 500));
  assert.equal(model.availableText.value, "$12.34");
});

Deno.test("WalletModel.deposit() adds demo money with a fresh key each time", async () => {
  const { model, deposits } = setup();
  assert.equal(await model.deposit(5000), true);
  assert.equal(await model.deposit(1000), true);
  assert.equal(model.availableText.value, "$60.00");
  assert.equal(deposits.length, 2);
  assert.notEqual(deposits[0].key, deposits[1].key);
  assert.deepEqual(model.transactions.items.value, []);
});

Deno.test("WalletModel.deposit() shows the server's refusal", async () => {
  const { model } = setup();
  assert.equal(await model.deposit(500_000), false);
  assert.equal(model.error.value, "Must be at most 100000");
  assert.equal(model.busy.value, false);
});

Deno.test("WalletModel.clear() forgets the wallet on sign-out", async () => {
  const { model } = setup();
  await model.load();
  model.clear();
  assert.equal(model.wallet.value, null);
});

Deno.test("isWallet() refuses a wallet with fractional money", () => {
  assert.equal(isWallet(wallet(100)), true);
  assert.equal(isWallet({ ...wallet(100), available: 1.5 }), false);
});

/**
 * Random sequences of ledger calls (deposits, holds, posts, voids, payouts,
 * user-to-user moves, replays of earlier ids, bad amounts) against a model
 * of each user's money: every call does what the model says, a refused one
 * changes nothing, and `checkLedger` is ok after each sequence.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "../../core/errors.ts";
import { openTestDb, TEST_DB_KINDS } from "../../tools/postgres.ts";
import { migrate } from "../migrate.ts";
import { checkLedger } from "./check.ts";
import { createLedger, type TransferInput } from "./ledger.ts";

const ledger = createLedger({ currency: "USD" });
const USERS = 3;

type Cmd =
  | { op: "deposit"; user: number; amount: number }
  | { op: "hold"; user: number; amount: number }
  | { op: "post" | "void"; hold: number }
  | { op: "payout"; user: number; amount: number }
  | { op: "move"; from: number; to: number; amount: number }
  | { op: "replay"; index: number; change: boolean }
  | { op: "bad"; amount: unknown };

const user = fc.integer({ min: 0, max: USERS - 1 });
const amount = fc.integer({ min: 1, max: 500 });
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ op: fc.constant("deposit" as const), user, amount }),
  fc.record({ op: fc.constant("hold" as const), user, amount }),
  fc.record({ op: fc.constantFrom("post" as const, "void" as const), hold: fc.nat(20) }),
  fc.record({ op: fc.constant("payout" as const), user, amount }),
  fc.record({ op: fc.constant("move" as const), from: user, to: user, amount }),
  fc.record({ op: fc.constant("replay" as const), index: fc.nat(40), change: fc.boolean() }),
  fc.record({
    op: fc.constant("bad" as const),
    amount: fc.constantFrom(0, -5, 2.5, Number.MAX_SAFE_INTEGER + 1, NaN, "7", null),
  }),
);

for (const kind of TEST_DB_KINDS) {
  Deno.test(`random ledger call sequences keep the model and the invariants (${kind})`, async () => {
    await using db = await openTestDb(kind);
    await migrate(db.sql);
    const { sql } = db;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 25 }), async (cmds) => {
        run++;
        const market = crypto.randomUUID();
        const users = Array.from({ length: USERS }, () => crypto.randomUUID());
        const posted = users.map(() => 0);
        const pending = users.map(() => 0);
        const holds: { id: string; user: number; amount: number; resolved: boolean }[] = [];
        const applied: TransferInput[] = [];
        const escrow = { kind: "escrow" as const, owner: market };
        const acct = (i: number) => ({ kind: "user" as const, owner: users[i] });
        let n = 0;
        const id = (p: string) => `${p}:${run}:${n++}`;
        const expectRefusal = async (p: Promise<unknown>, code: string) => {
          await assert.rejects(p, (e) => e instanceof DomainError && e.code === code);
        };
        for (const c of cmds) {
          const avail = (i: number) => posted[i] - pending[i];
          if (c.op === "deposit") {
            const t = {
              id: id("deposit"),
              debit: { kind: "clearing" as const, owner: "sandbox" },
              credit: acct(c.user),
              amount: c.amount,
              code: "deposit",
            };
            assert.deepEqual(await ledger.transfer(sql, t), { applied: true });
            posted[c.user] += c.amount;
            applied.push(t);
          } else if (c.op === "hold") {
            const t = {
              id: id("stake"),
              debit: acct(c.user),
              credit: escrow,
              amount: c.amount,
              code: "stake",
            };
            if (avail(c.user) < c.amount) {
              await expectRefusal(ledger.hold(sql, t), "insufficient-funds");
            } else {
              assert.deepEqual(await ledger.hold(sql, t), { applied: true });
              pending[c.user] += c.amount;
              holds.push({ id: t.id, user: c.user, amount: c.amount, resolved: false });
            }
          } else if (c.op === "post" || c.op === "void") {
            const h = holds[c.hold];
            if (!h) continue;
            const resolve = c.op === "post" ? ledger.postHolds : ledger.voidHolds;
            const count = await resolve(sql, [{ holdId: h.id, id: id(`stake-${c.op}`) }]);
            assert.equal(count, h.resolved ? 0 : 1);
            if (!h.resolved) {
              pending[h.user] -= h.amount;
              if (c.op === "post") posted[h.user] -= h.amount;
              h.resolved = true;
            }
          } else if (c.op === "payout") {
            const t = {
              id: id("payout"),
              debit: escrow,
              credit: acct(c.user),
              amount: c.amount,
              code: "payout",
            };
            assert.equal(await ledger.transferMany(sql, [t]), 1);
            posted[c.user] += c.amount;
            applied.push(t);
          } else if (c.op === "move") {
            if (c.from === c.to) continue;
            const t = {
              id: id("move"),
              debit: acct(c.from),
              credit: acct(c.to),
              amount: c.amount,
              code: "transfer",
            };
            if (avail(c.from) < c.amount) {
              await expectRefusal(ledger.transfer(sql, t), "insufficient-funds");
            } else {
              assert.deepEqual(await ledger.transfer(sql, t), { applied: true });
              posted[c.from] -= c.amount;
              posted[c.to] += c.amount;
              applied.push(t);
            }
          } else if (c.op === "replay") {
            const t = applied[c.index % Math.max(1, applied.length)];
            if (!t) continue;
            if (c.change) {
              await expectRefusal(
                ledger.transfer(sql, { ...t, amount: t.amount + 1 }),
                "transfer_id_taken",
              );
            } else {
              assert.deepEqual(await ledger.transfer(sql, t), { applied: false });
            }
          } else if (c.op === "bad") {
            const t = {
              id: id("bad"),
              debit: { kind: "house" as const },
              credit: acct(0),
              amount: c.amount as number,
              code: "deposit",
            };
            await expectRefusal(ledger.transfer(sql, t), "invalid_transfer");
          }
        }
        for (const [i, u] of users.entries()) {
          assert.deepEqual(await ledger.balance(sql, u), {
            available: posted[i] - pending[i],
            pending: pending[i],
            balance: posted[i],
          });
        }
        const open = holds.filter((h) => !h.resolved).reduce((s, h) => s + h.amount, 0);
        assert.equal((await ledger.accountBalance(sql, escrow)).pending, open);
        assert.deepEqual(await checkLedger(sql), { ok: true, violations: [] });
      }),
      { numRuns: kind === "pglite" ? 15 : 40 },
    );
  });
}

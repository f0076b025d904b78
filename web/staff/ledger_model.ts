/**
 * The ledger for admins: running the check that recomputes every balance
 * from the transfers, and one bettor's wallet with its transactions, a page
 * at a time.
 */
import { signal } from "@preact/signals";
import { describeError } from "../api.ts";
import { PagedList } from "./paged_list.ts";
import type {
  LedgerCheck,
  LedgerViolation,
  StaffApi,
  UserLedgerPage,
  Wallet,
  WalletTransaction,
} from "./staff_api.ts";

/** A violation in one line: its message, else its fields as "key: value". Pure. */
export function describeViolation(violation: LedgerViolation): string {
  const { kind, code, message, ...rest } = violation;
  const head = [kind ?? code].filter(Boolean).join("");
  const body = typeof message === "string" && message
    ? message
    : Object.entries(rest).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(" · ");
  return head && body ? `${head}: ${body}` : head || body || "Unknown violation";
}

export class LedgerCheckModel {
  readonly result = signal<LedgerCheck | null>(null);
  /** When the shown result was computed (ISO). */
  readonly checkedAt = signal<string | null>(null);
  readonly running = signal(false);
  readonly error = signal<string | null>(null);
  #api: Pick<StaffApi, "checkLedger">;
  #now: () => Date;

  constructor(api: Pick<StaffApi, "checkLedger">, now: () => Date = () => new Date()) {
    this.#api = api;
    this.#now = now;
  }

  async run(): Promise<void> {
    if (this.running.peek()) return;
    this.running.value = true;
    this.error.value = null;
    try {
      this.result.value = await this.#api.checkLedger();
      this.checkedAt.value = this.#now().toISOString();
    } catch (error) {
      this.error.value = describeError(error);
    } finally {
      this.running.value = false;
    }
  }
}

export class UserLedgerModel {
  readonly userId: string;
  /** The bettor's wallet as of the last page fetched. */
  readonly wallet = signal<Wallet | null>(null);
  /** Whose ledger it is, once the server said. */
  readonly user = signal<UserLedgerPage["user"] | null>(null);
  readonly list: PagedList<WalletTransaction>;

  constructor(userId: string, api: Pick<StaffApi, "userLedger">, pageSize = 50) {
    this.userId = userId;
    this.list = new PagedList(async (before) => {
      const page = await api.userLedger(userId, { before, limit: pageSize });
      this.wallet.value = page.wallet;
      this.user.value = page.user ?? null;
      return { items: page.items, next: page.next };
    });
  }
}

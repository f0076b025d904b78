/**
 * The staff withdrawals panel's state: the list (`GET /api/staff/withdrawals`,
 * by state, requested first), and the three decisions — approve, reject with
 * a reason, mark paid with a reference. A decision replaces its row with the
 * withdrawal the server answers, so the list never shows a state the server
 * does not hold; a refused one leaves the row and says why.
 */
import { signal } from "@preact/signals";
import { type AuthedFetch, describeError, queryString, requestJson } from "../api.ts";
import { type Withdrawal, WITHDRAWAL_STATES } from "../../core/withdrawals.ts";

export type StaffWithdrawal = Withdrawal;

/** The filter's choices; "" is every state. */
export const WITHDRAWAL_FILTERS = [...WITHDRAWAL_STATES, ""] as const;
export type WithdrawalFilter = (typeof WITHDRAWAL_FILTERS)[number];

/** What staff can do to a withdrawal in its state. */
export function actionsFor(w: StaffWithdrawal): ("approve" | "reject" | "mark-paid")[] {
  if (w.state === "requested") return ["approve", "reject", "mark-paid"];
  if (w.state === "approved" && w.method === "manual") {
    return w.reference ? ["mark-paid"] : ["reject", "mark-paid"];
  }
  return [];
}

export class WithdrawalsModel {
  readonly filter = signal<WithdrawalFilter>("requested");
  readonly items = signal<StaffWithdrawal[] | null>(null);
  readonly error = signal<string | null>(null);
  /** The id of the withdrawal a decision is being saved for. */
  readonly busy = signal<string | null>(null);

  constructor(private readonly fetch: AuthedFetch) {}

  async load(): Promise<void> {
    try {
      const page = await requestJson<{ items: StaffWithdrawal[] }>(
        this.fetch,
        `/api/staff/withdrawals${queryString({ state: this.filter.value })}`,
      );
      this.items.value = page.items;
      this.error.value = null;
    } catch (e) {
      this.error.value = describeError(e);
    }
  }

  setFilter(f: WithdrawalFilter): Promise<void> {
    this.filter.value = f;
    return this.load();
  }

  approve(id: string): Promise<boolean> {
    return this.#decide(id, "approve", undefined);
  }

  reject(id: string, reason: string): Promise<boolean> {
    return this.#decide(id, "reject", { reason });
  }

  markPaid(id: string, reference: string): Promise<boolean> {
    return this.#decide(id, "mark-paid", { reference });
  }

  async #decide(id: string, action: string, body: unknown): Promise<boolean> {
    this.busy.value = id;
    try {
      const w = await requestJson<StaffWithdrawal>(
        this.fetch,
        `/api/staff/withdrawals/${encodeURIComponent(id)}/${action}`,
        { method: "POST", body },
      );
      this.items.value = (this.items.value ?? []).map((x) => x.id === id ? w : x);
      this.error.value = null;
      return true;
    } catch (e) {
      this.error.value = describeError(e);
      return false;
    } finally {
      this.busy.value = null;
    }
  }
}

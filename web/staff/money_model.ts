/**
 * The console's money lists: payments (every deposit, any provider, with
 * what was refunded), filtered by provider and state, and disputes. Each is
 * a paged list; a server without the route (404) marks the list
 * unavailable instead of showing an error.
 */
import { signal } from "@preact/signals";
import { ApiError, type AuthedFetch, queryString, requestJson } from "../api.ts";
import { toPage } from "../money/money_api.ts";
import { type ListPage, PagedList } from "./paged_list.ts";

/** One row of `GET /api/staff/payments`. */
export interface StaffPayment {
  id: string;
  userId: string;
  userEmail?: string | null;
  provider: "sandbox" | "stripe" | "paypal";
  providerRef?: string | null;
  amount: number;
  currency: string;
  state: "created" | "succeeded" | "failed" | "canceled";
  refunded: number;
  createdAt: string;
}

/** One row of `GET /api/staff/disputes`. */
export interface StaffDispute {
  id: string;
  paymentId?: string | null;
  userId?: string | null;
  amount: number;
  currency?: string;
  state?: string;
  status?: string;
  reason?: string | null;
  createdAt?: string;
}

export const PAYMENT_PROVIDERS = ["", "sandbox", "stripe", "paypal"] as const;
export const PAYMENT_STATES = ["", "created", "succeeded", "failed", "canceled"] as const;

/** A paged staff list that knows when the server has no such route. */
export class StaffMoneyList<T> {
  readonly list: PagedList<T>;
  readonly unavailable = signal(false);

  constructor(fetchPage: (before: string | undefined) => Promise<ListPage<T>>) {
    this.list = new PagedList(async (before) => {
      try {
        const page = await fetchPage(before);
        this.unavailable.value = false;
        return page;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          this.unavailable.value = true;
          return { items: [], next: null };
        }
        throw error;
      }
    });
  }
}

export class PaymentsModel extends StaffMoneyList<StaffPayment> {
  readonly provider = signal<(typeof PAYMENT_PROVIDERS)[number]>("");
  readonly state = signal<(typeof PAYMENT_STATES)[number]>("");

  constructor(doFetch: AuthedFetch) {
    super(async (before) =>
      toPage<StaffPayment>(
        await requestJson(
          doFetch,
          `/api/staff/payments${
            queryString({
              provider: this.provider.peek(),
              state: this.state.peek(),
              limit: 50,
              before,
            })
          }`,
        ),
        "payments",
      )
    );
  }
}

export function disputesModel(doFetch: AuthedFetch): StaffMoneyList<StaffDispute> {
  return new StaffMoneyList(async (before) =>
    toPage<StaffDispute>(
      await requestJson(doFetch, `/api/staff/disputes${queryString({ limit: 50, before })}`),
      "disputes",
    )
  );
}

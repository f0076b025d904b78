/** The audit log, newest first, a page at a time, optionally filtered by action. */
import { signal } from "@preact/signals";
import { describeError } from "../api.ts";
import type { AuditEntry, StaffApi } from "./staff_api.ts";

export class AuditModel {
  readonly entries = signal<AuditEntry[] | null>(null);
  /** `before` for the next page; null on the last page. */
  readonly next = signal<string | null>(null);
  readonly action = signal("");
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  #api: Pick<StaffApi, "listAudit">;

  constructor(api: Pick<StaffApi, "listAudit">) {
    this.#api = api;
  }

  /** The first page for the current filter. */
  reload(): Promise<void> {
    return this.#load(undefined);
  }

  /** Appends the next page. */
  more(): Promise<void> {
    const before = this.next.peek();
    return before ? this.#load(before) : Promise.resolve();
  }

  async #load(before: string | undefined): Promise<void> {
    this.loading.value = true;
    try {
      const page = await this.#api.listAudit({
        before,
        action: this.action.peek().trim() || undefined,
        limit: 50,
      });
      this.entries.value = before ? [...this.entries.peek() ?? [], ...page.entries] : page.entries;
      this.next.value = page.next;
      this.error.value = null;
    } catch (error) {
      this.error.value = describeError(error);
    } finally {
      this.loading.value = false;
    }
  }
}

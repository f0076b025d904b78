/**
 * The audit log, newest first, a page at a time, filtered by who acted
 * (part of a name or email), what they did, the lane and the days.
 */
import { signal } from "@preact/signals";
import { PagedList } from "./paged_list.ts";
import type { AuditEntry, AuditFilter, StaffApi } from "./staff_api.ts";

export class AuditModel {
  readonly action = signal("");
  readonly actor = signal("");
  readonly laneId = signal("");
  /** First day shown, `YYYY-MM-DD` (the browser's own day), or "". */
  readonly from = signal("");
  /** Last day shown, `YYYY-MM-DD`, or "". */
  readonly to = signal("");
  readonly list: PagedList<AuditEntry>;

  constructor(api: Pick<StaffApi, "listAudit">) {
    this.list = new PagedList(async (before) => {
      const page = await api.listAudit({ before, limit: 50, ...this.filter() });
      return { items: page.entries, next: page.next };
    });
  }

  /** The filters as the API takes them; empty ones left out. */
  filter(): AuditFilter {
    const range = dayRange(this.from.peek(), this.to.peek());
    return {
      action: this.action.peek() || undefined,
      actor: this.actor.peek().trim() || undefined,
      laneId: this.laneId.peek() || undefined,
      ...range,
    };
  }

  clear(): void {
    for (const s of [this.action, this.actor, this.laneId, this.from, this.to]) s.value = "";
  }
}

/**
 * Local days as the instants the API filters by: `since` the start of `from`,
 * `until` the start of the day after `to`. Malformed days are left out. Pure.
 */
export function dayRange(from: string, to: string): { since?: string; until?: string } {
  const start = (day: string, plus = 0) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!m) return undefined;
    const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plus);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  };
  return { since: start(from), until: start(to, 1) };
}

/** The audit log, newest first, a page at a time, optionally filtered by action. */
import { signal } from "@preact/signals";
import { PagedList } from "./paged_list.ts";
import type { AuditEntry, StaffApi } from "./staff_api.ts";

export class AuditModel {
  readonly action = signal("");
  readonly list: PagedList<AuditEntry>;

  constructor(api: Pick<StaffApi, "listAudit">) {
    this.list = new PagedList(async (before) => {
      const page = await api.listAudit({
        before,
        action: this.action.peek().trim() || undefined,
        limit: 50,
      });
      return { items: page.entries, next: page.next };
    });
  }
}

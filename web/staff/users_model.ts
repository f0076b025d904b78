/** Admin user management: search users, change a role, disable or enable an account. */
import { signal } from "@preact/signals";
import { describeError } from "../api.ts";
import type { Role } from "../auth/session.ts";
import { PagedList } from "./paged_list.ts";
import type { AdminUser, StaffApi } from "./staff_api.ts";

export class UsersModel {
  readonly query = signal("");
  readonly list: PagedList<AdminUser>;
  /** Id of the user being changed right now. */
  readonly saving = signal<string | null>(null);
  #api: Pick<StaffApi, "listUsers" | "updateUser">;

  constructor(api: Pick<StaffApi, "listUsers" | "updateUser">) {
    this.#api = api;
    this.list = new PagedList(async (before) => {
      const page = await api.listUsers({ query: this.query.peek().trim() || undefined, before });
      return { items: page.users, next: page.next };
    });
  }

  setRole(id: string, role: Role): Promise<boolean> {
    return this.#update(id, { role });
  }

  setDisabled(id: string, disabled: boolean): Promise<boolean> {
    return this.#update(id, { disabled });
  }

  /**
   * Shows the change at once (the select must not jump back to the old role
   * while the request runs), then the stored user, or the old state again
   * when the change is refused.
   */
  async #update(id: string, patch: { role?: Role; disabled?: boolean }): Promise<boolean> {
    const { items, error } = this.list;
    const stored = (items.peek() ?? []).find((u) => u.id === id);
    const put = (user: AdminUser | undefined) => {
      if (user) items.value = (items.peek() ?? []).map((u) => u.id === id ? user : u);
    };
    put(stored && { ...stored, ...patch });
    this.saving.value = id;
    error.value = null;
    try {
      put(await this.#api.updateUser(id, patch));
      return true;
    } catch (e) {
      error.value = describeError(e);
      put(stored);
      return false;
    } finally {
      this.saving.value = null;
    }
  }
}

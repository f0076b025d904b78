/** Admin user management: search users, change a role, disable or enable an account. */
import { signal } from "@preact/signals";
import { describeError } from "../api.ts";
import type { Role } from "../auth/session.ts";
import type { AdminUser, StaffApi } from "./staff_api.ts";

export class UsersModel {
  readonly users = signal<AdminUser[] | null>(null);
  readonly next = signal<string | null>(null);
  readonly query = signal("");
  readonly error = signal<string | null>(null);
  /** Id of the user being changed right now. */
  readonly saving = signal<string | null>(null);
  #api: Pick<StaffApi, "listUsers" | "updateUser">;

  constructor(api: Pick<StaffApi, "listUsers" | "updateUser">) {
    this.#api = api;
  }

  async reload(): Promise<void> {
    await this.#load(undefined);
  }

  async more(): Promise<void> {
    const before = this.next.peek();
    if (before) await this.#load(before);
  }

  setRole(id: string, role: Role): Promise<boolean> {
    return this.#update(id, { role });
  }

  setDisabled(id: string, disabled: boolean): Promise<boolean> {
    return this.#update(id, { disabled });
  }

  async #load(before: string | undefined): Promise<void> {
    try {
      const page = await this.#api.listUsers({
        query: this.query.peek().trim() || undefined,
        before,
      });
      this.users.value = before ? [...this.users.peek() ?? [], ...page.users] : page.users;
      this.next.value = page.next;
      this.error.value = null;
    } catch (error) {
      this.error.value = describeError(error);
    }
  }

  async #update(id: string, patch: { role?: Role; disabled?: boolean }): Promise<boolean> {
    this.saving.value = id;
    this.error.value = null;
    try {
      const changed = await this.#api.updateUser(id, patch);
      this.users.value = (this.users.peek() ?? []).map((u) => u.id === id ? changed : u);
      return true;
    } catch (error) {
      this.error.value = describeError(error);
      // Show the stored state again (a refused change leaves the select as it was).
      this.users.value = [...this.users.peek() ?? []];
      return false;
    } finally {
      this.saving.value = null;
    }
  }
}

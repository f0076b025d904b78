/** A lane's sessions in the console: the open one, recent ones, and opening a new one. */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { describeError } from "../api.ts";
import type { SessionSheet, SessionSummary, StaffApi } from "./staff_api.ts";

export class LaneSessionsModel {
  readonly laneId: string;
  readonly sessions = signal<SessionSummary[] | null>(null);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);
  readonly open: ReadonlySignal<SessionSummary | undefined> = computed(() =>
    this.sessions.value?.find((s) => s.status === "open")
  );
  #api: Pick<StaffApi, "listSessions" | "openSession">;

  constructor(laneId: string, api: Pick<StaffApi, "listSessions" | "openSession">) {
    this.laneId = laneId;
    this.#api = api;
  }

  async reload(): Promise<void> {
    try {
      this.sessions.value = await this.#api.listSessions({ laneId: this.laneId, limit: 10 });
      this.error.value = null;
    } catch (error) {
      this.error.value = describeError(error);
    }
  }

  /** Opens a session with these bowlers (blank names skipped); null when refused. */
  async openSession(names: string[]): Promise<SessionSheet | null> {
    const bowlers = names.map((name) => name.trim()).filter(Boolean).map((name) => ({ name }));
    if (bowlers.length === 0) {
      this.error.value = "Name at least one bowler";
      return null;
    }
    this.busy.value = true;
    this.error.value = null;
    try {
      return await this.#api.openSession(this.laneId, bowlers);
    } catch (error) {
      this.error.value = describeError(error);
      return null;
    } finally {
      this.busy.value = false;
    }
  }
}

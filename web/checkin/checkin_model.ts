/**
 * Checking in on a lane from its QR code: the lane, its open session, and
 * joining it as the signed-in user with the session's check-in code, which
 * the QR code's address carries (`/lanes/{id}/check-in?code=…` →
 * `POST /api/lanes/{id}/check-in` with `{ code }`).
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { ApiError, describeError, requestJson } from "../api.ts";
import type { AuthSession } from "../auth/session.ts";
import type { Sheet as SessionSheet } from "../../core/session_sheet.ts";

export interface CheckInLane {
  id: string;
  name: string;
  live: boolean;
  enabled: boolean;
}

export class CheckInModel {
  readonly laneId: string;
  /** The session's check-in code from the QR code's address; null when it has none. */
  readonly code: string | null;
  readonly lane = signal<CheckInLane | null>(null);
  /** The open session; null when there is none, undefined until known. */
  readonly session = signal<SessionSheet | null | undefined>(undefined);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);
  /** The signed-in user's place on the sheet (1-based), if they are on it. */
  readonly position: ReadonlySignal<number | null> = computed(() => {
    const me = this.#auth.user.value?.id;
    const bowler = me ? this.session.value?.bowlers.find((b) => b.userId === me) : undefined;
    return bowler ? bowler.position : null;
  });

  #auth: AuthSession;
  #fetch: typeof fetch;

  constructor(
    laneId: string,
    code: string | null,
    auth: AuthSession,
    plainFetch: typeof fetch = globalThis.fetch,
  ) {
    this.laneId = laneId;
    this.code = code || null;
    this.#auth = auth;
    this.#fetch = (input, init) => plainFetch(input, init);
  }

  async load(): Promise<void> {
    const id = encodeURIComponent(this.laneId);
    try {
      const [lane, session] = await Promise.all([
        requestJson<CheckInLane>(this.#fetch, `/api/lanes/${id}`),
        requestJson<SessionSheet>(this.#fetch, `/api/lanes/${id}/session`).catch((error) => {
          if (error instanceof ApiError && error.status === 404 && error.code !== "unknown_lane") {
            return null;
          }
          throw error;
        }),
      ]);
      this.lane.value = lane;
      this.session.value = session;
      this.error.value = null;
    } catch (error) {
      this.error.value = describeError(error);
    }
  }

  async checkIn(): Promise<boolean> {
    if (!this.code) {
      this.error.value = "Scan the QR code shown at the lane to check in";
      return false;
    }
    this.busy.value = true;
    this.error.value = null;
    try {
      this.session.value = await requestJson<SessionSheet>(
        this.#auth.fetch,
        `/api/lanes/${encodeURIComponent(this.laneId)}/check-in`,
        { method: "POST", body: { code: this.code } },
      );
      return true;
    } catch (error) {
      this.error.value = describeError(error);
      return false;
    } finally {
      this.busy.value = false;
    }
  }
}

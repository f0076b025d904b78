/**
 * One bowling session in the console: its score sheet (kept live by the
 * lane's event stream), entering the next ball by tapping the pins that fell,
 * correcting a ball with a reason, the correction history, removing a
 * bowler, and closing.
 *
 * Pins are 10-bit standing states (core/pins.ts): bit i is pin i + 1.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";
import { FULL_RACK, pinsOf, standingOf } from "../../core/pins.ts";
import { aiScores, lastBall } from "./ai_scoring.ts";
import { EventStream, type StreamStatus } from "./event_stream.ts";
import { sessionErrorText } from "./session_errors.ts";
import type { BallCorrection, SessionSheet, SheetBall, StaffApi } from "./staff_api.ts";

/** A ball picked for correction, with the rack it faced. */
export interface BallRef {
  ball: SheetBall;
  bowlerId: string;
  bowlerName: string;
  frame: number;
  /** 1-based ball in the frame. */
  index: number;
  /** Pins standing when the ball was rolled. */
  faced: number;
}

/** The rack ball `index` (0-based) of a frame faced: a full rack first and after a clear deck. Pure. */
export function rackFaced(balls: readonly Pick<SheetBall, "standing">[], index: number): number {
  if (index === 0) return FULL_RACK;
  const before = balls[index - 1].standing;
  return before === 0 ? FULL_RACK : before;
}

export interface SessionModelOptions {
  sessionId: string;
  api: Pick<
    StaffApi,
    | "getSession"
    | "addBall"
    | "correctBall"
    | "history"
    | "closeSession"
    | "claimSession"
    | "liveUrl"
    | "removeBowler"
  >;
  /** The authenticated fetch the live stream uses. */
  fetch: typeof fetch;
}

export class SessionModel {
  readonly sessionId: string;
  readonly sheet = signal<SessionSheet | null>(null);
  readonly history = signal<BallCorrection[]>([]);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);
  /** Pins tapped as fallen for the next ball. */
  readonly fallen = signal(0);
  readonly foul = signal(false);
  /** The ball being corrected, or null. */
  readonly correcting = signal<BallRef | null>(null);
  readonly correctionFallen = signal(0);
  readonly correctionFoul = signal(false);
  readonly correctionReason = signal("");
  /** Why the correction cannot be saved yet (no reason given), shown by the reason field. */
  readonly reasonError = signal<string | null>(null);
  /** Manual entry shown although the AI scores the game (staff asked for it). */
  readonly manualOpen = signal(false);

  /** The AI scores this live game: staff correct its balls instead of entering them. */
  readonly aiScoring: ReadonlySignal<boolean> = computed(() => {
    const sheet = this.sheet.value;
    return sheet ? aiScores(sheet) : false;
  });

  /** The rack the next ball faces (0 when nobody is up). */
  readonly facing: ReadonlySignal<number> = computed(() => {
    const turn = this.sheet.value?.turn;
    return turn ? standingOf(turn.pinsStanding) : 0;
  });
  /** Name of the bowler who is up, frame and ball. */
  readonly up: ReadonlySignal<{ name: string; frame: number; ball: number } | null> = computed(
    () => {
      const sheet = this.sheet.value;
      const turn = sheet?.turn;
      if (!sheet || !turn || sheet.status !== "open") return null;
      const bowler = sheet.bowlers.find((b) => b.id === turn.bowlerId);
      return { name: bowler?.name ?? "?", frame: turn.frame, ball: turn.ball };
    },
  );
  /** The live stream's state: "connecting", "open", "retrying" or "idle". */
  readonly liveStatus = signal<StreamStatus>("idle");

  #api: SessionModelOptions["api"];
  #fetch: typeof fetch;
  #stream: EventStream | null = null;
  #controller = new AbortController();

  constructor(options: SessionModelOptions) {
    this.sessionId = options.sessionId;
    this.#api = options.api;
    this.#fetch = options.fetch;
  }

  /** Loads the sheet and history, then follows the lane's live stream. */
  async start(): Promise<void> {
    await this.reload();
    const sheet = this.sheet.peek();
    if (!sheet || this.#controller.signal.aborted) return;
    void this.loadHistory();
    this.#stream = new EventStream({
      url: this.#api.liveUrl(sheet.laneId),
      fetch: this.#fetch,
      onEvent: (event) => {
        if (event.event !== "session") return;
        const data = JSON.parse(event.data) as SessionSheet | null;
        if (data?.id === this.sessionId) this.#adopt(data);
      },
    });
    this.#stream.status.subscribe((s) => this.liveStatus.value = s);
    this.#stream.start();
  }

  stop(): void {
    this.#controller.abort();
    this.#stream?.stop();
  }

  async reload(): Promise<void> {
    try {
      this.#adopt(await this.#api.getSession(this.sessionId, this.#controller.signal));
      this.error.value = null;
    } catch (error) {
      if (!this.#controller.signal.aborted) this.error.value = sessionErrorText(error);
    }
  }

  async loadHistory(): Promise<void> {
    try {
      this.history.value = await this.#api.history(this.sessionId);
    } catch (error) {
      this.error.value = sessionErrorText(error);
    }
  }

  /** Records the next ball: the pins tapped fell, the rest of the rack stands. */
  enterBall(): Promise<boolean> {
    const standing = this.facing.peek() & ~this.fallen.peek();
    return this.#enter(standing, this.foul.peek());
  }

  /** Records the next ball with every pin of the rack down (strike or spare). */
  allDown(): Promise<boolean> {
    return this.#enter(0, false);
  }

  /** Records the next ball with no pin down (gutter or miss). */
  noneDown(): Promise<boolean> {
    return this.#enter(this.facing.peek(), false);
  }

  /** Picks a ball to correct; the pin deck starts from what the ball says now. */
  startCorrection(ref: Omit<BallRef, "faced">, frameBalls: readonly SheetBall[]): void {
    const faced = rackFaced(frameBalls, ref.index - 1);
    this.correcting.value = { ...ref, faced };
    this.correctionFallen.value = faced & ~ref.ball.standing;
    this.correctionFoul.value = ref.ball.foul;
    this.correctionReason.value = "";
    this.reasonError.value = null;
    this.error.value = null;
  }

  /** Picks the ball bowled last for correction; false when nothing was bowled yet. */
  correctLast(): boolean {
    const sheet = this.sheet.peek();
    const at = sheet && lastBall(sheet);
    if (!at) return false;
    const { ball, bowler, frame, index, balls } = at;
    this.startCorrection(
      { ball, bowlerId: bowler.id, bowlerName: bowler.name, frame, index },
      balls,
    );
    return true;
  }

  cancelCorrection(): void {
    this.correcting.value = null;
    this.reasonError.value = null;
  }

  async submitCorrection(): Promise<boolean> {
    const ref = this.correcting.peek();
    if (!ref) return false;
    if (this.correctionReason.peek().trim().length < 3) {
      this.reasonError.value = "Say why you change it (at least 3 characters)";
      return false;
    }
    this.reasonError.value = null;
    const standing = ref.faced & ~this.correctionFallen.peek();
    const ok = await this.#act(async () =>
      this.#adopt(
        await this.#api.correctBall(this.sessionId, ref.ball.id, {
          pinsStanding: pinsOf(standing),
          foul: this.correctionFoul.peek(),
          reason: this.correctionReason.peek().trim(),
        }),
      )
    );
    if (ok) {
      this.correcting.value = null;
      await this.loadHistory();
    }
    return ok;
  }

  /** Takes a bowler out of the rotation, with a reason; their balls stay on the sheet. */
  removeBowler(bowlerId: string, reason: string): Promise<boolean> {
    return this.#act(async () =>
      this.#adopt(await this.#api.removeBowler(this.sessionId, bowlerId, reason.trim()))
    );
  }

  /**
   * Turns an open-play game into a named one: the first name takes over
   * "Bowler 1" and their balls, the others join. Names are trimmed; an empty
   * one is refused here, in words, before anything is sent.
   */
  claim(names: readonly string[]): Promise<boolean> {
    const bowlers = names.map((n) => n.trim()).filter((n) => n.length > 0);
    if (bowlers.length === 0 || bowlers.length > 8 || bowlers.some((n) => n.length > 40)) {
      this.error.value = "Give the game one to eight bowlers' names (up to 40 characters each)";
      return Promise.resolve(false);
    }
    return this.#act(async () =>
      this.#adopt(
        await this.#api.claimSession(this.sessionId, bowlers.map((name) => ({ name }))),
      )
    );
  }

  close(): Promise<boolean> {
    return this.#act(async () => this.#adopt(await this.#api.closeSession(this.sessionId)));
  }

  #enter(standing: number, foul: boolean): Promise<boolean> {
    return this.#act(async () => {
      this.#adopt(
        await this.#api.addBall(this.sessionId, { pinsStanding: pinsOf(standing), foul }),
      );
      this.fallen.value = 0;
      this.foul.value = false;
    });
  }

  async #act(run: () => Promise<void>): Promise<boolean> {
    if (this.busy.peek()) return false;
    this.busy.value = true;
    this.error.value = null;
    try {
      await run();
      return true;
    } catch (error) {
      this.error.value = sessionErrorText(error);
      return false;
    } finally {
      this.busy.value = false;
    }
  }

  #adopt(sheet: SessionSheet): void {
    const before = this.sheet.peek()?.turn;
    this.sheet.value = sheet;
    const after = sheet.turn;
    // A ball recorded elsewhere (another console, the AI) clears the taps for the old rack.
    if (
      before?.bowlerId !== after?.bowlerId || before?.frame !== after?.frame ||
      before?.ball !== after?.ball
    ) {
      this.fallen.value = 0;
      this.foul.value = false;
    }
  }
}

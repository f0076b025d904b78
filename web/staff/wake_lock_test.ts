import assert from "node:assert/strict";
import { ScreenWakeLock } from "./wake_lock.ts";

/** A wake lock API and a document whose visibility the test sets. */
function fakes() {
  const sentinels: { released: boolean; release(): Promise<void> }[] = [];
  const api = {
    request: (_type: "screen") => {
      const s = {
        released: false,
        onRelease: undefined as (() => void) | undefined,
        release() {
          s.released = true;
          s.onRelease?.();
          return Promise.resolve();
        },
        addEventListener: (_t: "release", fn: () => void) => (s.onRelease = fn),
      };
      sentinels.push(s);
      return Promise.resolve(s);
    },
  };
  const listeners = new Set<() => void>();
  const doc = {
    visibilityState: "visible" as DocumentVisibilityState,
    addEventListener: (_t: string, fn: () => void) => listeners.add(fn),
    removeEventListener: (_t: string, fn: () => void) => listeners.delete(fn),
    show(state: DocumentVisibilityState) {
      doc.visibilityState = state;
      listeners.forEach((fn) => fn());
    },
  };
  return { api, doc, sentinels };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

Deno.test("ScreenWakeLock keeps the screen on, takes the lock again after the page was hidden, and lets go", async () => {
  const { api, doc, sentinels } = fakes();
  const lock = new ScreenWakeLock(api, doc as unknown as Document);
  lock.hold();
  await tick();
  assert.equal(lock.held.value, true);

  // The browser drops the lock when the page goes to the background.
  doc.show("hidden");
  await sentinels[0].release();
  assert.equal(lock.held.value, false);
  doc.show("visible");
  await tick();
  assert.equal(sentinels.length, 2, "asked again once visible");
  assert.equal(lock.held.value, true);

  lock.release();
  assert.equal(sentinels[1].released, true);
  assert.equal(lock.held.value, false);
  doc.show("visible");
  await tick();
  assert.equal(sentinels.length, 2, "not asked again after release");
});

Deno.test("ScreenWakeLock does nothing where the browser has no wake lock", () => {
  const { doc } = fakes();
  const lock = new ScreenWakeLock(undefined, doc as unknown as Document);
  assert.equal(lock.supported, false);
  lock.hold();
  lock.release();
  assert.equal(lock.held.value, false);
});

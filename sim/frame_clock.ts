/**
 * Calls `tick(frameIndex, captureTimeMs)` at a steady frame rate without
 * drift; when the process falls behind it skips frames instead of bursting.
 */
export function startFrameClock(fps: number, tick: (frame: number, captureMs: number) => void): { stop(): void } {
  const period = 1000 / fps;
  const t0 = performance.now();
  const wall0 = Date.now();
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const step = () => {
    if (stopped) return;
    const now = performance.now();
    const due = Math.floor((now - t0) / period);
    if (due > frame) frame = due; // fell behind: skip, don't burst
    tick(frame, wall0 + (now - t0));
    frame++;
    timer = setTimeout(step, Math.max(0, t0 + frame * period - performance.now()));
  };
  step();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

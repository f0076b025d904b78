/** Shot reports for the browser tests, as the inference sidecar posts them. */

const MPH = 5280 / 3600;

/** A hook: out from board 18 to board 8 at 41 ft, back to board 17.5 at the pins. */
export function hookPath(releasedAtMs: number, mph: number) {
  const points = [];
  for (let ft = 0; ft <= 62; ft += 1) {
    const board = ft <= 41
      ? 18 - 10 * Math.sin((ft / 41) * (Math.PI / 2))
      : 8 + 9.5 * ((ft - 41) / 19) ** 1.6;
    points.push({ captureTimeMs: Math.round(releasedAtMs + (ft / (mph * MPH)) * 1000), board, ft });
  }
  return points;
}

/** A shot report as the sidecar would post it: a hook at `mph`, released now, on a full rack. */
export function shotReport(
  id: string,
  o: { standing: number; pinConfidence: number; mph: number; foul?: boolean },
) {
  const releasedAtMs = Date.now();
  return {
    id,
    events: [{ type: "release", captureTimeMs: releasedAtMs, confidence: 0.97, model: "e2e" }],
    metrics: {
      launchSpeedMph: o.mph,
      entrySpeedMph: o.mph - 2.4,
      arrowsBoard: 13.2,
      breakpointBoard: 8,
      breakpointFt: 41,
      entryBoard: 17.5,
      entryAngleDeg: 5.8,
    },
    path: hookPath(releasedAtMs, o.mph),
    standingBefore: 1023,
    standing: o.standing,
    pinProbabilities: Array.from({ length: 10 }, (_, i) => (o.standing >> i) & 1 ? 0.95 : 0.02),
    pinConfidence: o.pinConfidence,
    trackConfidence: 0.93,
    foul: o.foul ?? false,
    foulConfidence: 0.999,
    gutter: false,
    models: { ball: "e2e-ball", pins: "e2e-pins" },
  };
}

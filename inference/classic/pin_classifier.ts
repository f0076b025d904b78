/**
 * A model-free pin reader, used when no trained model is installed: a pin
 * is white, so a standing pin makes the small patch where its head should
 * be bright. The head is the part of a back pin that shows above the pins in
 * front of it. Probabilities come from a logistic of the patch's luma.
 */
import type { Frame, PinClassifier, PinSpot, PinStateResult } from "../models/types.ts";

export const CLASSIC_PIN_VERSION = "pins-classic@1";
/** Height of the pin's head centre above its base, feet (pins are 15 in tall). */
const HEAD_FT = 1.12;
const MID_LUMA = 150;
const SOFTNESS = 10;

export class ClassicPinClassifier implements PinClassifier {
  readonly version = CLASSIC_PIN_VERSION;

  classify(items: { frame: Frame; spots: PinSpot[] }[]): Promise<PinStateResult[]> {
    return Promise.resolve(items.map(({ frame, spots }) => readPins(frame, spots)));
  }
}

function readPins(f: Frame, spots: PinSpot[]): PinStateResult {
  const probabilities = new Float32Array(10);
  let standing = 0, confidence = 1;
  spots.forEach((s, i) => {
    const cy = s.y - HEAD_FT * s.scale;
    const half = Math.max(0.5, 0.08 * s.scale);
    let sum = 0, n = 0;
    for (let y = Math.round(cy - half); y <= Math.round(cy + half); y++) {
      for (let x = Math.round(s.x - half); x <= Math.round(s.x + half); x++) {
        if (x < 0 || y < 0 || x >= f.width || y >= f.height) continue;
        sum += f.data[y * f.width + x];
        n++;
      }
    }
    const luma = n ? sum / n : 0;
    const p = 1 / (1 + Math.exp(-(luma - MID_LUMA) / SOFTNESS));
    probabilities[i] = p;
    if (p >= 0.5) standing |= 1 << i;
    confidence = Math.min(confidence, Math.max(p, 1 - p));
  });
  return { standing, probabilities, confidence };
}

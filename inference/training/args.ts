/** Command-line flags the training data generators share. */

/** `--name value`, else the fallback. */
export function flag(name: string, fallback: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : fallback;
}

/**
 * `--seeds from:to` (to excluded). Seeds 100–299 are the evaluation (100–199)
 * and tuning (200–299) seeds of `./lanecast eval`: never trained on.
 */
export function trainingSeeds(fallback: string): [number, number] {
  const [from, to] = flag("seeds", fallback).split(":").map(Number);
  if (!(Number.isInteger(from) && Number.isInteger(to) && from < to)) {
    throw new Error(`Cannot read seeds "${flag("seeds", fallback)}": use "from:to"`);
  }
  if (from <= 299 && to > 100) {
    throw new Error(
      `Cannot train on seeds ${from}–${to - 1}: seeds 100–299 are for evaluation and tuning`,
    );
  }
  return [from, to];
}

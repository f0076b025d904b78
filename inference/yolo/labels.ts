/**
 * Class names of a YOLO model: a labels file (one name per line) or the
 * `names` entry Ultralytics writes into the model's metadata, which looks
 * like `{0: 'person', 1: 'bicycle', …}`.
 */

/** Names from a labels file: one per line, blank lines and `#` comments skipped. */
export function parseLabelsFile(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
}

/** Names from Ultralytics metadata (`{0: 'a', 1: "b"}`, or a JSON object/array). */
export function parseMetadataNames(value: string): string[] {
  const out: string[] = [];
  const re = /(\d+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;
  for (const m of value.matchAll(re)) out[Number(m[1])] = m[2] ?? m[3];
  if (out.length === 0) {
    try {
      const j = JSON.parse(value);
      if (Array.isArray(j)) return j.map(String);
    } catch {
      // not JSON either
    }
  }
  return Array.from(out, (n, i) => n ?? `class${i}`);
}

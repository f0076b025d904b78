/** Parses seed lists such as "100-199", "7", "1,5,9-12". */
export function parseSeeds(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`Cannot read seeds "${part}": use "100-199" or "1,5,9-12"`);
    const a = Number(m[1]), b = Number(m[2] ?? m[1]);
    if (b < a || b - a > 100_000) throw new Error(`Cannot read seeds "${part}"`);
    for (let s = a; s <= b; s++) out.push(s);
  }
  return out;
}

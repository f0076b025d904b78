/**
 * Writes simulator frames as PNG files, to look at what the camera sees.
 * Run: ./lanecast deno run -A sim/snapshot.ts [--seed 1] [--size 1280x720]
 *        [--shot 0] [--at approach|release|arrows|impact|settled|<frame>] [--offset=0] [--out dir]
 * With no --at it writes one frame for each event of the shot.
 */
import { encodePngI420 } from "./png.ts";
import { createLaneSim, type SimEventKind } from "./render.ts";

/** `--name value` and `--name=value` flags over these defaults. */
function flags(args: string[], defaults: Record<string, string | undefined>): Record<string, string | undefined> {
  const out = { ...defaults };
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(args[i]);
    if (!m || !(m[1] in defaults)) throw new Error(`Unknown argument "${args[i]}"`);
    out[m[1]] = m[2] ?? args[++i];
  }
  return out;
}

const values = flags(Deno.args, { seed: "1", size: "1280x720", shot: "0", at: undefined, offset: "0", out: "/tmp" });
const [width, height] = values.size!.split("x").map(Number);
const sim = createLaneSim({ seed: Number(values.seed), width, height });
const shotIndex = Number(values.shot);
let shots = sim.shotsUpTo(0);
for (let f = 0; shots.length <= shotIndex + 1; f += 30 * 60) shots = sim.shotsUpTo(f);
const shot = shots[shotIndex];
const frameOf: Record<SimEventKind, number> = {
  approach: shot.approachFrame,
  release: shot.releaseFrame,
  arrows: shot.arrowsFrame,
  impact: shot.impactFrame,
  settled: shot.settledFrame,
};
const wanted: [string, number][] = values.at === undefined
  ? Object.entries(frameOf)
  : [[values.at, frameOf[values.at as SimEventKind] ?? Number(values.at)]];
const buf = new Uint8Array(sim.frameSize);
for (const [name, frame] of wanted) {
  const f = Math.max(0, frame + Number(values.offset));
  sim.renderFrame(f, buf);
  const path = `${values.out}/lane_s${values.seed}_shot${shotIndex}_${name}_${width}x${height}.png`;
  await Deno.writeFile(path, encodePngI420(buf, width, height));
  console.log(`${path} (frame ${f})`);
}
console.log(JSON.stringify(shot));

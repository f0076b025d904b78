/**
 * The VOPR's check of each determination's result: whenever a market is
 * (re-)determined, its result must be what core/market_kinds.ts `outcomeOf`
 * says of the ball now on the sheet at its frame and ball (the rack it faced
 * from the ball before, the launch speed from the ball's shot). Results staff
 * chose when resolving a dispute are theirs and skipped.
 */
import { outcomeOf } from "../../../core/market_kinds.ts";
import type { MarketKind } from "../../../core/markets.ts";
import type { World } from "./world.ts";

interface SheetBall {
  standing: number;
  foul: boolean;
  shotId: string | null;
}
interface Sheet {
  bowlers: { id: string; frames: { number: number; balls: SheetBall[] }[] }[];
}

export async function checkResults(w: World, seen: Map<string, number>): Promise<string[]> {
  const rows = await w.sql<
    {
      id: string;
      kind: MarketKind;
      line: number | null;
      result: string;
      determinations: number;
      session_id: string;
      bowler_id: string;
      frame: number;
      ball: number;
    }[]
  >`
    select id, kind, line, result, determinations, session_id, bowler_id, frame, ball from markets
    where state in ('determined', 'finalized', 'disputed')`;
  const changed = rows.filter((r) => seen.get(r.id) !== r.determinations);
  const out: string[] = [];
  const sheets = new Map<string, Sheet>();
  for (const m of changed) {
    seen.set(m.id, m.determinations);
    if (w.resolvedByStaff.has(m.id)) continue;
    if (!sheets.has(m.session_id)) {
      const a = await w.request("GET", `/api/sessions/${m.session_id}`, null);
      sheets.set(m.session_id, a.body as unknown as Sheet);
    }
    const frame = sheets.get(m.session_id)?.bowlers.find((b) => b.id === m.bowler_id)?.frames
      .find((f) => f.number === m.frame);
    const ball = frame?.balls[m.ball - 1];
    if (!ball) continue; // re-flowed away by a correction of an earlier ball
    const before = m.ball === 1 ? 1023 : frame!.balls[m.ball - 2].standing || 1023;
    let speed: number | null = null;
    if (ball.shotId) {
      const [shot] = await w.sql<{ speed: number | null }[]>`
        select launch_speed_mph as speed from shots where id = ${ball.shotId}`;
      speed = shot?.speed ?? null;
    }
    const want = outcomeOf(m.kind, m.line, {
      standingBefore: before,
      standingAfter: ball.standing,
      foul: ball.foul,
      launchSpeedMph: speed,
    });
    if (want !== m.result) {
      out.push(
        `market ${m.id} (${m.kind}${m.line === null ? "" : ` ${m.line}`}, frame ${m.frame} ball ` +
          `${m.ball}) determined "${m.result}" (determination ${m.determinations}) but the ball ` +
          `${JSON.stringify({ before, ...ball, speed })} says ${JSON.stringify(want)}`,
      );
    }
  }
  return out;
}

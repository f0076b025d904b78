import type { LaneGame } from "../api.ts";
import { lastBallText, shownBowlers } from "../lane_tile_text.ts";

/** The open game on a grid tile: bowlers with their scores (who is up marked) and the last ball. */
export function LaneTileGame({ id, game }: { id: string; game: LaneGame }) {
  const shown = shownBowlers(game);
  const more = game.bowlers.length - shown.length;
  return (
    <div class="lane-tile__game" id={id}>
      <ul class="lane-tile__bowlers">
        {shown.map((b, i) => (
          <li key={`${i}-${b.name}`} class="lane-tile__bowler" data-up={b.up}>
            <span class="lane-tile__bowler-name">
              {b.name}
              {b.up && " "}
              {b.up && <span class="lane-tile__up">up</span>}
            </span>
            <span class="lane-tile__total">{b.total}</span>
          </li>
        ))}
      </ul>
      {more > 0 && <p class="lane-tile__more">and {more} more</p>}
      {game.lastBall && (
        <p class="lane-tile__last">
          <span class="lane-tile__label">Last ball</span>
          <span class="lane-tile__last-text">{lastBallText(game.lastBall)}</span>
          <span class="lane-tile__last-by">{game.lastBall.bowler}</span>
        </p>
      )}
    </div>
  );
}

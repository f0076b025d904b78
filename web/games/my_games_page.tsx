/**
 * `/me/games`: the games the signed-in person bowled (newest first, paged)
 * and their numbers over those games as charts: speed, board at the arrows
 * and entry angle of every tracked ball, and strike rate by frame.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { AuthSession } from "../auth/session.ts";
import { PagedList } from "../staff/paged_list.ts";
import { MoreButton } from "../staff/paged_list_view.tsx";
import { formatMetric, shortDate } from "./chart_text.ts";
import type { ShotPoint } from "../../core/my_games.ts";
import { type GamesApi, MY_GAMES_PATH, type MyGame, type MyStats } from "./games_api.ts";
import { LineChart } from "./line_chart.tsx";
import { SignInFirst } from "./signed_out.tsx";
import { StrikeRateChart } from "./strike_rate_chart.tsx";

/** Games per page. */
const PAGE = 20;

export function MyGamesPage({ api, auth }: { api: GamesApi; auth: AuthSession }) {
  useEffect(() => void (document.title = "My games · Lanecast"), []);
  const userId = auth.user.value?.id;
  const list = useMemo(
    () => new PagedList<MyGame>((before) => api.games({ limit: PAGE, before })),
    [api],
  );
  const stats = useSignal<MyStats | null>(null);
  const statsFailed = useSignal(false);
  useEffect(() => {
    if (!userId) return;
    void list.reload();
    const abort = new AbortController();
    api.stats(abort.signal).then((s) => {
      stats.value = s;
      statsFailed.value = false;
    }, () => {
      if (!abort.signal.aborted) statsFailed.value = true;
    });
    return () => abort.abort();
  }, [userId, list]);
  if (!userId) return <SignInFirst auth={auth} next={MY_GAMES_PATH} />;

  const items = list.items.value;
  return (
    <section class="page games-page">
      <header class="page-head">
        <h1 class="page-head__title">My games</h1>
        <p class="page-head__lede">
          Every game you bowled with your account, and how your shots are going.
        </p>
      </header>
      <section class="panel games-list" aria-labelledby="games-list-heading">
        <h2 class="games-section__title" id="games-list-heading">Games</h2>
        {list.error.value && (
          <p class="form__error" role="alert">We could not load your games. Try again shortly.</p>
        )}
        {items === null && !list.error.value && (
          <span class="shimmer shimmer--line" aria-hidden="true" />
        )}
        {items?.length === 0 && (
          <p class="muted">
            No games yet. Check in at a lane with the lane's QR code and your games show here.
          </p>
        )}
        {items && items.length > 0 && (
          <ul class="game-rows">{items.map((g) => <GameRow key={g.sessionId} game={g} />)}</ul>
        )}
        <MoreButton list={list}>Older games</MoreButton>
      </section>
      <section class="games-charts" aria-labelledby="games-charts-heading">
        <h2 class="games-section__title" id="games-charts-heading">Your shots over time</h2>
        {statsFailed.value && (
          <p class="form__error" role="alert">We could not load your numbers. Try again shortly.</p>
        )}
        {!stats.value && !statsFailed.value && (
          <span class="shimmer shimmer--line" aria-hidden="true" />
        )}
        {stats.value && <Charts stats={stats.value} />}
      </section>
    </section>
  );
}

/** "1 frame", "3 strikes". */
const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function GameRow({ game }: { game: MyGame }) {
  return (
    <li class="game-row" data-game={game.sessionId}>
      <a class="game-row__link" href={game.href}>
        <span class="game-row__when">
          <span class="game-row__date">{shortDate(game.openedAt)}</span>
          <span class="game-row__lane">{game.laneName}</span>
        </span>
        <span class="game-row__what">
          {game.status === "open" && <span class="badge game-row__live">In play</span>}
          <span class="game-row__marks">
            {count(game.frames, "frame")} · {count(game.strikes, "strike")} ·{" "}
            {count(game.spares, "spare")}
          </span>
        </span>
        <span class="game-row__total" aria-label={`Total ${game.total}`}>{game.total}</span>
      </a>
    </li>
  );
}

/** The line charts: one metric of every tracked ball each. */
const METRICS: {
  id: string;
  heading: string;
  axis: string;
  value: (p: ShotPoint) => number;
  unit: "mph" | "board" | "deg";
}[] = [
  {
    id: "speed",
    heading: "Speed at release",
    axis: "mph",
    value: (p) => p.launchSpeedMph,
    unit: "mph",
  },
  {
    id: "arrows",
    heading: "Board at the arrows",
    axis: "Board",
    value: (p) => p.arrowsBoard,
    unit: "board",
  },
  {
    id: "entry-angle",
    heading: "Entry angle",
    axis: "Degrees",
    value: (p) => p.entryAngleDeg,
    unit: "deg",
  },
];

function Charts({ stats }: { stats: MyStats }) {
  const shots = stats.shots;
  return (
    <div class="games-charts__grid">
      {shots.length === 0 && (
        <p class="muted games-charts__none">
          No balls tracked by the lane camera yet: speed, board and angle show once the AI reads
          your shots.
        </p>
      )}
      {METRICS.map((m) => (
        <LineChart
          key={m.id}
          id={m.id}
          heading={m.heading}
          axis={m.axis}
          points={shots}
          value={m.value}
          format={(v) => formatMetric(v, m.unit)}
        />
      ))}
      <StrikeRateChart rows={stats.strikeRateByFrame} />
    </div>
  );
}

import assert from "node:assert/strict";
import type { LaneGame, LaneLastBall } from "./api.ts";
import { gameLine, lastBallText, liveFirst, shownBowlers, viewersText } from "./lane_tile_text.ts";

const ball = (over: Partial<LaneLastBall> = {}): LaneLastBall => ({
  bowler: "Ada",
  frame: 1,
  standing: 0,
  standingBefore: 1023,
  foul: false,
  gutter: false,
  speedMph: 17.24,
  ...over,
});

Deno.test("lastBallText() reads a ball as a bowler would, with the AI's speed", () => {
  assert.equal(lastBallText(ball()), "Strike, 17.2 mph");
  assert.equal(lastBallText(ball({ standingBefore: 0b1000000000 })), "Spare, 17.2 mph");
  assert.equal(lastBallText(ball({ standing: 0b1001000000, speedMph: null })), "7-10 split");
  assert.equal(
    lastBallText(ball({ standing: 1023, gutter: true, speedMph: 9 })),
    "Gutter, 9.0 mph",
  );
  assert.equal(lastBallText(ball({ foul: true, speedMph: null })), "Foul");
});

Deno.test("viewersText() counts the people watching, nothing for none", () => {
  assert.equal(viewersText(undefined), null);
  assert.equal(viewersText(0), null);
  assert.equal(viewersText(1), "1 watching");
  assert.equal(viewersText(23), "23 watching");
});

Deno.test("gameLine() says where the game stands, or why there is none", () => {
  const game: LaneGame = { openPlay: false, frame: 4, bowlers: [], lastBall: null };
  assert.equal(gameLine({ live: false, game: null }), "No camera right now");
  assert.equal(gameLine({ live: true, game: null }), "Streaming now, no game open");
  const ada = [{ name: "Ada", total: 30, up: true }];
  assert.equal(gameLine({ live: true, game: { ...game, bowlers: ada } }), "Game, frame 4");
  assert.equal(
    gameLine({ live: true, game: { ...game, openPlay: true, bowlers: ada } }),
    "Open play, frame 4",
  );
  assert.equal(
    gameLine({ live: true, game: { ...game, frame: null, bowlers: ada } }),
    "Game complete",
  );
  assert.equal(
    gameLine({ live: false, game: { ...game, bowlers: ada } }),
    "Game, frame 4 · no camera",
  );
});

Deno.test("shownBowlers() keeps the bowler who is up among the few shown", () => {
  const bowlers = ["A", "B", "C", "D", "E", "F"].map((name) => ({
    name,
    total: 0,
    up: name === "F",
  }));
  const game: LaneGame = { openPlay: false, frame: 2, bowlers, lastBall: null };
  assert.deepEqual(shownBowlers(game).map((b) => b.name), ["A", "B", "C", "F"]);
  assert.deepEqual(shownBowlers({ ...game, bowlers: bowlers.slice(0, 3) }).length, 3);
});

Deno.test("liveFirst() puts live lanes first and keeps the alley's order in each group", () => {
  const lanes = [
    { id: "1", live: false },
    { id: "2", live: true },
    { id: "3", live: false },
    { id: "4", live: true },
  ];
  assert.deepEqual(liveFirst(lanes).map((l) => l.id), ["2", "4", "1", "3"]);
});

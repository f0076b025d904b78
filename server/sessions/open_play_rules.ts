/**
 * How open play is marked: a session the server opened by itself on a lane
 * with a live camera and no game (`opened_by_system`), scored by the AI, with
 * one bowler until staff name the players.
 * @module
 */

/** The `opened_by_system` of an open-play session (and the system actor of its audit entries). */
export const OPEN_PLAY = "open-play";

/** The one bowler an open-play game starts with. */
export const OPEN_PLAY_BOWLER = "Bowler 1";

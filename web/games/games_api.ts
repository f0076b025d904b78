/** The My games API for the web app: the caller's games a page at a time, one game's sheet, their stats. */
import type { MyGame, MyGamesPage, MyStats } from "../../core/my_games.ts";
import type { Sheet } from "../../core/session_sheet.ts";
import { type AuthedFetch, queryString, requestJson } from "../api.ts";
import type { ListPage } from "../staff/paged_list.ts";

export type { MyGame, MyStats };

export interface GamesApi {
  games(options?: { limit?: number; before?: string }): Promise<ListPage<MyGame>>;
  game(sessionId: string, signal?: AbortSignal): Promise<Sheet>;
  stats(signal?: AbortSignal): Promise<MyStats>;
}

/** Where the list of one's games lives, and one game's page. */
export const MY_GAMES_PATH = "/me/games";
export const myGamePath = (sessionId: string) =>
  `${MY_GAMES_PATH}/${encodeURIComponent(sessionId)}`;

export function createGamesApi(doFetch: AuthedFetch): GamesApi {
  return {
    games: async ({ limit, before } = {}) => {
      const page = await requestJson<MyGamesPage>(
        doFetch,
        `/api/me/games${queryString({ limit, before })}`,
      );
      return { items: page.games, next: page.next };
    },
    game: (sessionId, signal) =>
      requestJson<Sheet>(doFetch, `/api/me/games/${encodeURIComponent(sessionId)}`, { signal }),
    stats: (signal) => requestJson<MyStats>(doFetch, "/api/me/stats", { signal }),
  };
}

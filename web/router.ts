/**
 * History routing in one small signal model. The server falls back to
 * `index.html` for unknown paths, so every route is a real URL.
 */
import { computed, type ReadonlySignal, signal } from "@preact/signals";

export type Route =
  | { name: "grid" }
  | { name: "lane"; laneId: string }
  | { name: "notFound"; path: string };

/** Maps a pathname to a route. Pure. */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (path === "/" || path === "" || path === "/lanes") return { name: "grid" };
  const lane = /^\/lanes\/([^/]+)$/.exec(path);
  if (lane) {
    try {
      return { name: "lane", laneId: decodeURIComponent(lane[1]) };
    } catch {
      return { name: "notFound", path: pathname };
    }
  }
  return { name: "notFound", path: pathname };
}

/** The path of a lane's page. */
export function lanePath(laneId: string): string {
  return `/lanes/${encodeURIComponent(laneId)}`;
}

export class Router {
  readonly path = signal(globalThis.location?.pathname ?? "/");
  readonly route: ReadonlySignal<Route> = computed(() => matchRoute(this.path.value));
  #detach: (() => void) | undefined;

  /** Follows the browser's back/forward buttons and same-origin link clicks. */
  start(): void {
    if (this.#detach) return;
    const onPop = () => this.path.value = location.pathname;
    const onClick = (event: MouseEvent) => {
      const href = internalHref(event);
      if (href === undefined) return;
      event.preventDefault();
      this.navigate(href);
    };
    addEventListener("popstate", onPop);
    document.addEventListener("click", onClick);
    this.#detach = () => {
      removeEventListener("popstate", onPop);
      document.removeEventListener("click", onClick);
    };
  }

  stop(): void {
    this.#detach?.();
    this.#detach = undefined;
  }

  navigate(to: string, options: { replace?: boolean } = {}): void {
    const url = new URL(to, location.href);
    if (url.pathname === location.pathname && url.search === location.search) return;
    if (options.replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
    scrollTo(0, 0);
    this.path.value = url.pathname;
  }
}

/** The href of a plain left click on a same-origin link, else undefined. */
function internalHref(event: MouseEvent): string | undefined {
  if (event.defaultPrevented || event.button !== 0) return undefined;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return undefined;
  const anchor = (event.target as Element | null)?.closest?.("a");
  if (!anchor || anchor.target || anchor.hasAttribute("download")) return undefined;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return undefined;
  return url.pathname + url.search + url.hash;
}

/**
 * The public share page `/s/{token}` and the share's media addresses
 * `/s/{token}/clip` and `/s/{token}/poster` (redirects to freshly signed
 * store URLs, checked against the share on every request, so a revoked link
 * stops at once). Browsers get HTML; other clients problem+json.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { DomainError } from "../../core/problem.ts";
import type { AppDeps } from "../context.ts";
import { domainProblem } from "../errors.ts";
import { clipsOf } from "../shares/clip_source.ts";
import { closedPage, pagePolicy, sharePage } from "../shares/page.ts";
import { sharedClip } from "../shares/service.ts";
import { sharePath } from "../shares/tokens.ts";

const wantsHtml = (c: Context) => (c.req.header("accept") ?? "").includes("text/html");

const originOf = (url: string | null, base: string): string[] => {
  if (!url) return [];
  const origin = new URL(url, base).origin;
  return origin === new URL(base).origin ? [] : [origin];
};

export function sharePageRoutes(deps: AppDeps): Hono {
  const sql = deps.db.sql;
  const clips = clipsOf(deps);
  const app = new Hono();

  app.onError((err, c) => {
    if (!(err instanceof DomainError)) throw err;
    const answer = domainProblem(err, c.req.path);
    if (!wantsHtml(c)) return answer;
    c.header("cache-control", "no-store");
    return c.html(closedPage(err.message), answer.status as 404 | 410);
  });

  app.get("/s/:token", async (c) => {
    const token = c.req.param("token");
    const shared = await sharedClip(sql, clips, token);
    const here = new URL(c.req.url).origin;
    c.header("cache-control", "no-store");
    c.header(
      "content-security-policy",
      await pagePolicy([
        ...originOf(shared.clip.url, here),
        ...originOf(shared.clip.posterUrl, here),
      ]),
    );
    return c.html(sharePage({ laneId: shared.laneId, clip: shared.clip, path: sharePath(token) }));
  });

  for (const part of ["clip", "poster"] as const) {
    app.get(`/s/:token/${part}`, async (c) => {
      const { clip } = await sharedClip(sql, clips, c.req.param("token"));
      const target = part === "clip" ? clip.url : clip.posterUrl;
      if (!target) throw new DomainError("clip_not_ready", "This shot's clip is not ready");
      c.header("cache-control", "no-store");
      return c.redirect(target, 302);
    });
  }
  return app;
}

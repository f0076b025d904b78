/**
 * SFU hosts announce themselves here (`POST /api/internal/sfu-hosts/announce`,
 * the SFU service key): id, URLs, load and the lanes they are origin of
 * (sfu/announce.ts). The server picks hosts for lane tokens from these.
 * With SFU_HOST_KEYS a host announces only its own id, with its own key; with
 * SFU_HOST_URLS only URLs on the listed origins.
 */
import { timingSafeEqual } from "node:crypto";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { SfuHostAnnounceSchema } from "../../core/sfu_hosts.ts";
import { createApi, createRoute, errors, jsonBody } from "../api.ts";
import { DomainError } from "../../core/problem.ts";
import type { AppDeps } from "../context.ts";
import { bearer } from "../auth/guard.ts";
import { requireBearerKey } from "../shots/service_key.ts";

/** Whether `given` is `want`, in constant time. */
function sameKey(given: string | undefined, want: string | undefined): boolean {
  if (given === undefined || want === undefined) return false;
  const [a, b] = [new TextEncoder().encode(given), new TextEncoder().encode(want)];
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sfuHostRoutes(deps: AppDeps): OpenAPIHono {
  const api = createApi();
  const { sfuHosts, sfuServiceKey } = deps;
  if (!sfuHosts || !sfuServiceKey) return api;
  const { SFU_HOST_KEYS: hostKeys, SFU_HOST_URLS: hostUrls } = deps.config;
  api.openapi(
    createRoute({
      method: "post",
      path: "/internal/sfu-hosts/announce",
      tags: ["SFU hosts"],
      summary: "An SFU host announces itself and its load",
      // Per-host keys: checked against the announced id below.
      middleware: hostKeys
        ? []
        : [requireBearerKey(sfuServiceKey, "service_key", "SFU service key")],
      security: [{ bearer: [] }],
      "x-roles": ["sfu"],
      request: { body: jsonBody(SfuHostAnnounceSchema) },
      responses: { 204: { description: "Recorded" }, ...errors(400, 401, 403, 415) },
    }),
    async (c) => {
      const host = c.req.valid("json");
      if (hostKeys) {
        const given = bearer(c.req.header("authorization"));
        if (!given) {
          throw new DomainError(
            "service_key_required",
            'This needs "Authorization: Bearer <the host\'s announce key>"',
          );
        }
        if (!sameKey(given, hostKeys.get(host.id))) {
          throw new DomainError(
            "sfu_host_key_wrong",
            `The key is not SFU host "${host.id}"'s announce key (SFU_HOST_KEYS)`,
          );
        }
      }
      if (hostUrls) {
        for (const url of [host.publicUrl, host.internalUrl]) {
          if (!hostUrls.has(new URL(url).origin)) {
            throw new DomainError(
              "sfu_host_url_forbidden",
              `"${url.slice(0, 120)}" is not on an allowed SFU host origin (SFU_HOST_URLS)`,
            );
          }
        }
      }
      await sfuHosts.announce(host);
      return c.body(null, 204);
    },
  );
  return api;
}

/**
 * SFU hosts announce themselves here (`POST /api/internal/sfu-hosts/announce`,
 * the SFU service key): id, URLs, load and the lanes they are origin of
 * (sfu/announce.ts). The server picks hosts for lane tokens from these.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { SfuHostAnnounceSchema } from "../../core/sfu_hosts.ts";
import { createApi, createRoute, errors, jsonBody } from "../api.ts";
import type { AppDeps } from "../context.ts";
import { requireBearerKey } from "../shots/service_key.ts";

export function sfuHostRoutes(deps: AppDeps): OpenAPIHono {
  const api = createApi();
  const { sfuHosts, sfuServiceKey } = deps;
  if (!sfuHosts || !sfuServiceKey) return api;
  api.openapi(
    createRoute({
      method: "post",
      path: "/internal/sfu-hosts/announce",
      tags: ["SFU hosts"],
      summary: "An SFU host announces itself and its load",
      middleware: [requireBearerKey(sfuServiceKey, "service_key", "SFU service key")],
      security: [{ bearer: [] }],
      "x-roles": ["sfu"],
      request: { body: jsonBody(SfuHostAnnounceSchema) },
      responses: { 204: { description: "Recorded" }, ...errors(400, 401, 403, 415) },
    }),
    async (c) => {
      await sfuHosts.announce(c.req.valid("json"));
      return c.body(null, 204);
    },
  );
  return api;
}

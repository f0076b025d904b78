/**
 * Lane leases for the inference sidecars (inference key): each sidecar posts
 * the lanes it can watch, its capacity and its status every few seconds and
 * is answered with the lanes it holds (server/inference/leases.ts); a sidecar
 * that stops lets its lanes go at once. Staff read every sidecar with its
 * leases and last status, and the lanes nobody watches.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { claimLeases, leaseOverview, releaseSidecar } from "../inference/leases.ts";
import { inferenceOnly } from "../shots/service_key.ts";

const SidecarId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/).openapi({
  example: "sidecar-a",
});

const LeaseAskSchema = z.object({
  sidecarId: SidecarId,
  capacity: z.number().int().min(0).max(1000),
  lanes: z.array(z.string().min(1).max(64)).max(1000),
  /** Those of them on the air: only these count against the capacity (unset: all). */
  live: z.array(z.string().min(1).max(64)).max(1000).optional(),
  status: z.record(z.string(), z.unknown()).optional(),
}).openapi("InferenceLeaseAsk");

const LeaseGrantSchema = z.object({
  lanes: z.array(z.string()),
  ttlMs: z.number().int(),
  sidecars: z.number().int(),
}).openapi("InferenceLeaseGrant");

const OverviewSchema = z.object({
  sidecars: z.array(z.object({
    id: z.string(),
    capacity: z.number().int(),
    live: z.boolean(),
    seenAt: z.string(),
    lanes: z.array(z.string()),
    status: z.record(z.string(), z.unknown()),
  })),
  unwatched: z.array(z.string()),
}).openapi("InferenceOverview");

export function inferenceLeaseRoutes(deps: AppDeps): OpenAPIHono {
  const guard = inferenceOnly(deps.inferenceKey);
  const ttlMs = deps.config.INFERENCE_LEASE_TTL_MS;
  const api = createApi();

  api.openapi(
    createRoute({
      method: "post",
      path: "/inference/leases",
      tags: ["Inference"],
      summary: "Renew and take lane leases (the answer lists the lanes to watch)",
      ...guard,
      request: { body: jsonBody(LeaseAskSchema) },
      responses: {
        200: json(LeaseGrantSchema, "The lanes held"),
        ...errors(400, 401, 403, 415, 429),
      },
    }),
    async (c) => c.json(await claimLeases(deps.db.sql, c.req.valid("json"), ttlMs), 200),
  );

  api.openapi(
    createRoute({
      method: "delete",
      path: "/inference/leases/{sidecarId}",
      tags: ["Inference"],
      summary: "A sidecar stops: its lanes go to the others at once",
      ...guard,
      request: { params: z.object({ sidecarId: SidecarId }) },
      responses: { 204: { description: "Let go" }, ...errors(400, 401, 403) },
    }),
    async (c) => {
      await releaseSidecar(deps.db.sql, c.req.valid("param").sidecarId);
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/staff/inference",
      tags: ["Inference"],
      summary: "The inference sidecars, their lanes and last status; lanes nobody watches",
      ...auth(...STAFF),
      responses: {
        200: json(OverviewSchema, "Sidecars seen in the last hour"),
        ...errors(401, 403),
      },
    }),
    async (c) => c.json(await leaseOverview(deps.db.sql), 200),
  );

  return api;
}

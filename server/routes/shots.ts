/** `GET /api/lanes/{id}/shots`: a lane's recent shots as the AI saw them (public). */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { createApi, createRoute, errors, json, LaneIdParam, z } from "../api.ts";
import type { AppDeps } from "../context.ts";
import { findVisibleLane } from "../lanes/find.ts";
import { listLaneShots } from "../shots/repo.ts";
import { ShotSchema } from "../../core/shot_report.ts";
import { ShotClipSchema } from "../../core/clips.ts";
import { withClips } from "../clips/views.ts";

const Query = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

const ShotWithClip = ShotSchema.extend({ clip: ShotClipSchema }).meta({ id: "ShotWithClip" });

export function shotRoutes({ db, clips }: AppDeps): OpenAPIHono {
  return createApi().openapi(
    createRoute({
      method: "get",
      path: "/lanes/{id}/shots",
      tags: ["Shots"],
      summary: "A lane's recent shots, newest first",
      "x-roles": ["public"],
      request: { params: LaneIdParam, query: Query },
      responses: {
        200: json(z.array(ShotWithClip), "The shots, each with its clip"),
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const lane = await findVisibleLane(db.sql, c.req.valid("param").id, c.var.user);
      const shots = await listLaneShots(db.sql, lane.id, c.req.valid("query").limit);
      return c.json(await withClips(db.sql, clips, shots), 200);
    },
  );
}

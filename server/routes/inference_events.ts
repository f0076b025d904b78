/**
 * The sidecar's live lane events in (inference key): a WebSocket that takes
 * one event per message and answers each with an ack (or a refusal that says
 * why, never to be resent), and the same as a plain POST. Both hand the event
 * to the lane event bus (`server/live/lane_events.ts`), which dedupes by id.
 *
 * Socket protocol (JSON text messages, `core/lane_events.ts`):
 *   → {"type":"event","event":{…LaneEvent}}
 *   ← {"type":"ack","id","duplicate","receivedAtMs"} | {"type":"refused","id","code","detail"}
 * Messages of one socket are handled one at a time, in order. A failure that
 * is not the event's fault closes the socket (1011): the sidecar reconnects
 * and resends what was not acknowledged.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { upgradeWebSocket } from "hono/deno";
import type { WSContext } from "hono/ws";
import {
  type EventSocketReply,
  EventSocketSendSchema,
  LaneEventSchema,
} from "../../core/lane_events.ts";
import { DomainError } from "../../core/problem.ts";
import { createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import type { AppDeps } from "../context.ts";
import { invalidLaneEvent, type LaneEvents } from "../live/lane_events.ts";
import { inferenceOnly } from "../shots/service_key.ts";

/** One event is well under 1 KiB; the socket takes no more than this per message. */
export const MAX_MESSAGE_CHARS = 16 * 1024;

const AckSchema = z.object({
  id: z.string(),
  duplicate: z.boolean(),
  receivedAtMs: z.number().int(),
}).openapi("LaneEventAck");

export function inferenceEventRoutes(deps: AppDeps): OpenAPIHono {
  const guard = inferenceOnly(deps.inferenceKey);
  const events = deps.laneEvents;
  const api = createApi();

  api.openapi(
    createRoute({
      method: "get",
      path: "/inference/events",
      tags: ["Inference"],
      summary: "Live lane events (WebSocket)",
      description: "Upgrade to a WebSocket; send `{type:'event',event}` per live event " +
        "(`approach`, `release`, `pinfall`, `rack-ready`), each answered by `{type:'ack',id,duplicate," +
        "receivedAtMs}` or `{type:'refused',id,code,detail}`.",
      ...guard,
      responses: { 101: { description: "Switching to WebSocket" }, ...errors(401, 403, 426) },
    }),
    async (c: Context) => {
      if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
        throw new DomainError("upgrade_required", "This endpoint speaks WebSocket");
      }
      const handler = upgradeWebSocket(() => socketHandlers(events));
      return (await handler(c, async () => {})) as Response;
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/inference/events",
      tags: ["Inference"],
      summary: "One live lane event (idempotent by its id)",
      ...guard,
      request: { body: jsonBody(LaneEventSchema) },
      responses: {
        201: json(AckSchema, "Received and published"),
        200: json(AckSchema, "Already received under that id"),
        ...errors(400, 401, 403, 404, 415),
      },
    }),
    async (c) => {
      const receivedAtMs = Date.now();
      const { event, duplicate } = await events.receive(c.req.valid("json"), receivedAtMs);
      return c.json(
        { id: event.id, duplicate, receivedAtMs: event.receivedAtMs },
        duplicate ? 200 : 201,
      );
    },
    (result) => {
      if (!result.success) throw invalidLaneEvent(result.error.issues);
    },
  );

  return api;
}

/** One socket: messages handled strictly one after another, each answered. */
function socketHandlers(events: LaneEvents) {
  let chain = Promise.resolve();
  return {
    onMessage(e: MessageEvent, ws: WSContext) {
      const receivedAtMs = Date.now();
      const text = typeof e.data === "string" ? e.data : "";
      chain = chain.then(async () => {
        const reply = await handleMessage(events, text, receivedAtMs);
        if (!reply) ws.close(1011, "Cannot take events now");
        else if (ws.readyState === 1) ws.send(JSON.stringify(reply));
      });
    },
  };
}

/** The answer to one message; null when the server, not the event, failed. */
export async function handleMessage(
  events: LaneEvents,
  text: string,
  receivedAtMs: number,
): Promise<EventSocketReply | null> {
  let id: string | null = null;
  try {
    if (text.length > MAX_MESSAGE_CHARS) {
      throw new DomainError("too_large", `Messages are limited to ${MAX_MESSAGE_CHARS} characters`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new DomainError("bad_json", "Messages are JSON text");
    }
    const msg = EventSocketSendSchema.safeParse(raw);
    if (!msg.success) throw invalidLaneEvent(msg.error.issues);
    const given = (msg.data.event as { id?: unknown } | null)?.id;
    if (typeof given === "string") id = given.slice(0, 96);
    const { event, duplicate } = await events.receive(msg.data.event, receivedAtMs);
    return { type: "ack", id: event.id, duplicate, receivedAtMs: event.receivedAtMs };
  } catch (err) {
    if (!(err instanceof DomainError)) {
      console.error("lane events: cannot take an event", err);
      return null;
    }
    return { type: "refused", id, code: err.code, detail: err.message };
  }
}

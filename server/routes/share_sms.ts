/** Texting a share link to one's verified number, and the staff view of texts (held ones when Twilio is off). */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { auth, createApi, createRoute, errors, json, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES, STAFF } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { clipsOf } from "../shares/clip_source.ts";
import { listTexts } from "../sms/messages.ts";
import { textShare } from "../sms/share_text.ts";
import { ShotIdParam, siteOf } from "./shares.ts";

const TAGS = ["Sharing"];

const textRoute = createRoute({
  method: "post",
  path: "/shots/{shotId}/shares/sms",
  tags: TAGS,
  summary: "Text a new share link of a shot to the caller's verified number",
  description:
    "The link in the text, the clip's poster as MMS media when the clip is ready. Sent through " +
    "the outbox (Twilio, or held for staff at `GET /api/staff/sms` when Twilio is not set up). " +
    "409 `phone_not_verified`, 403 `shot_not_yours`, 404 `unknown_shot`, 429 `too_many_texts`.",
  ...auth(...ROLES),
  request: { params: ShotIdParam },
  responses: {
    202: json(
      z.object({
        shareId: z.string(),
        url: z.string(),
        messageId: z.string(),
        to: z.string(),
        mms: z.boolean(),
      }).openapi("TextedShare"),
      "Queued",
    ),
    ...errors(401, 403, 404, 409, 429),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/staff/sms",
  tags: TAGS,
  summary: "The latest texts and their state (staff)",
  description:
    "`held`: no Twilio account is configured, the text went nowhere but here (phone codes can be " +
    "read off this list in development). `sent`: Twilio took it (`providerSid`); a sent code's " +
    "body is blanked. `queued`: waiting for the outbox (a failing one is in `GET /api/outbox`).",
  ...auth(...STAFF),
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: {
    200: json(
      z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          userId: z.string().nullable(),
          to: z.string(),
          body: z.string(),
          mediaUrl: z.string().nullable(),
          state: z.string(),
          providerSid: z.string().nullable(),
          deliveryStatus: z.string().nullable().openapi({
            description: "Twilio's latest status callback: delivered, undelivered, failed, …",
          }),
          deliveryError: z.number().int().nullable(),
          createdAt: z.string(),
          sentAt: z.string().nullable(),
        }).openapi("Text"),
      ),
      "Newest first",
    ),
    ...errors(401, 403),
  },
});

export function shareSmsRoutes(deps: AppDeps): OpenAPIHono {
  const sql = deps.db.sql;
  const textDeps = { clips: clipsOf(deps), textsPerHour: deps.config.SMS_PER_HOUR };
  return createApi()
    .openapi(textRoute, async (c) => {
      const sent = await textShare(
        sql,
        textDeps,
        currentUser(c.var),
        c.req.valid("param").shotId,
        siteOf(c, deps.config.PUBLIC_URL),
      );
      deps.outbox?.wake();
      return c.json(sent, 202);
    })
    .openapi(listRoute, async (c) => {
      const texts = await listTexts(sql, c.req.valid("query").limit);
      return c.json(
        texts.map((t) => ({
          ...t,
          createdAt: t.createdAt.toISOString(),
          sentAt: t.sentAt?.toISOString() ?? null,
        })),
        200,
      );
    });
}

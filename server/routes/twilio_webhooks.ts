/**
 * Twilio's webhooks: `POST /api/webhooks/twilio` (status callbacks of the
 * texts we sent) and `POST /api/webhooks/twilio/inbound` (texts to our
 * number: STOP / START). Both must carry a valid `X-Twilio-Signature` over
 * the URL registered with Twilio (PUBLIC_URL + the path, from config: the
 * request's own Host is not trusted) — else 400 `bad_signature` and nothing
 * stored. Without a Twilio account or PUBLIC_URL they are 409 `provider_unavailable`.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { DomainError } from "../../core/problem.ts";
import { createApi, createRoute, errors, json, z } from "../api.ts";
import type { AppDeps } from "../context.ts";
import { applyInboundKeyword, recordDeliveryStatus, twilioSigned } from "../sms/status.ts";

const TAGS = ["Webhooks"];

const statusRoute = createRoute({
  method: "post",
  path: "/webhooks/twilio",
  tags: TAGS,
  "x-roles": ["public"],
  summary: "Twilio delivery status callbacks (signed)",
  description:
    "Form-encoded as Twilio posts them; 400 `bad_signature` unless `X-Twilio-Signature` " +
    "verifies for PUBLIC_URL + `/api/webhooks/twilio`. Stores `MessageStatus` on the text.",
  responses: {
    200: json(z.object({ stored: z.boolean() }), "Received"),
    ...errors(400, 409, 413),
  },
});

const inboundRoute = createRoute({
  method: "post",
  path: "/webhooks/twilio/inbound",
  tags: TAGS,
  "x-roles": ["public"],
  summary: "Texts to our Twilio number (signed): STOP opts out, START opts back in",
  responses: {
    200: { description: "Empty TwiML", content: { "text/xml": { schema: z.string() } } },
    ...errors(400, 409, 413),
  },
});

/** The form of a signed Twilio request to `path`, or a thrown `bad_signature`. */
async function signedForm(
  deps: AppDeps,
  c: Context,
  path: string,
): Promise<Record<string, string>> {
  const { TWILIO_AUTH_TOKEN: token, PUBLIC_URL: base } = deps.config;
  if (!token || !base) {
    throw new DomainError("provider_unavailable", "Twilio webhooks are not configured here");
  }
  const type = c.req.header("content-type") ?? "";
  const params = type.startsWith("application/x-www-form-urlencoded")
    ? Object.fromEntries(new URLSearchParams(await c.req.text()))
    : {};
  const url = new URL(path, base).href;
  if (!twilioSigned(token, c.req.header("x-twilio-signature"), url, params)) {
    throw new DomainError("bad_signature", "The Twilio signature does not verify");
  }
  return params;
}

export function twilioWebhookRoutes(deps: AppDeps): OpenAPIHono {
  const { sql } = deps.db;
  return createApi()
    .openapi(statusRoute, async (c) => {
      const form = await signedForm(deps, c, "/api/webhooks/twilio");
      const sid = form.MessageSid ?? form.SmsSid;
      const status = form.MessageStatus ?? form.SmsStatus;
      const stored = sid && status
        ? await recordDeliveryStatus(sql, { messageSid: sid, status, errorCode: form.ErrorCode })
        : false;
      return c.json({ stored }, 200);
    })
    .openapi(inboundRoute, async (c) => {
      const form = await signedForm(deps, c, "/api/webhooks/twilio/inbound");
      // With Advanced Opt-Out Twilio names the keyword's kind (`OptOutType`); else the body is read.
      await applyInboundKeyword(sql, form.From ?? "", form.OptOutType ?? form.Body ?? "");
      // Twilio answers STOP/START itself (its default opt-out handling): no reply of ours.
      return c.body('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', 200, {
        "content-type": "text/xml",
      });
    });
}

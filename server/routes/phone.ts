/** `/api/me/phone`: the caller's phone number for share texts, verified by a texted code. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import {
  type PhoneRules,
  phoneStatus,
  requestPhoneCode,
  verifyPhoneCode,
} from "../phone/verification.ts";

const TAGS = ["Sharing"];

const PhoneStatusSchema = z.object({
  phone: z.string().nullable(),
  verified: z.boolean(),
}).openapi("PhoneStatus");

const PhoneBody = z.strictObject({
  phone: z.string().min(1).max(32).openapi({ example: "+15551234567" }),
}).openapi("PhoneNumber");

const CodeBody = z.strictObject({
  code: z.string().regex(/^[0-9]{6}$/, "Six digits"),
}).openapi("PhoneCode");

const statusRoute = createRoute({
  method: "get",
  path: "/me/phone",
  tags: TAGS,
  summary: "The caller's phone number and whether it is verified",
  ...auth(...ROLES),
  responses: { 200: json(PhoneStatusSchema, "The number"), ...errors(401, 403) },
});

const requestRoute = createRoute({
  method: "post",
  path: "/me/phone",
  tags: TAGS,
  summary: "Text a 6-digit code to a number (to verify it)",
  description:
    "A new number is unverified until `POST /api/me/phone/verify`. 400 `invalid_phone`; 429 " +
    "`too_many_codes` (one every 30 s) or `too_many_texts` (SMS_PER_HOUR), with Retry-After.",
  ...auth(...ROLES),
  request: { body: jsonBody(PhoneBody) },
  responses: {
    202: json(
      z.object({ phone: z.string(), expiresAt: z.string() }).openapi("PhoneCodeSent"),
      "The code is on its way",
    ),
    ...errors(400, 401, 403, 413, 415, 429),
  },
});

const verifyRoute = createRoute({
  method: "post",
  path: "/me/phone/verify",
  tags: TAGS,
  summary: "Verify the number with the texted code",
  description:
    "403 `phone_code_wrong` (with `attemptsLeft`), 429 `too_many_attempts` (the code is spent), " +
    "400 `phone_code_expired`, 409 `no_phone_code`.",
  ...auth(...ROLES),
  request: { body: jsonBody(CodeBody) },
  responses: {
    200: json(PhoneStatusSchema, "Verified"),
    ...errors(400, 401, 403, 409, 413, 415, 429),
  },
});

export const phoneRules = (config: AppDeps["config"], privateKey: CryptoKey): PhoneRules => ({
  privateKey,
  codeTtlS: config.PHONE_CODE_TTL_S,
  maxAttempts: config.PHONE_CODE_MAX_ATTEMPTS,
  textsPerHour: config.SMS_PER_HOUR,
});

export function phoneRoutes(deps: AppDeps): OpenAPIHono {
  const sql = deps.db.sql;
  const rules = phoneRules(deps.config, deps.keys.privateKey);
  return createApi()
    .openapi(statusRoute, async (c) => c.json(await phoneStatus(sql, currentUser(c.var).id), 200))
    .openapi(requestRoute, async (c) => {
      const sent = await requestPhoneCode(
        sql,
        rules,
        currentUser(c.var).id,
        c.req.valid("json").phone,
      );
      deps.outbox?.wake();
      return c.json({ phone: sent.phone, expiresAt: sent.expiresAt.toISOString() }, 202);
    })
    .openapi(verifyRoute, async (c) => {
      const status = await verifyPhoneCode(
        sql,
        rules,
        currentUser(c.var).id,
        c.req.valid("json").code,
      );
      return c.json(status, 200);
    });
}

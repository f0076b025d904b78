/** `/api/me/notifications`: which texts the caller wants (settled bets, deposits and withdrawals). */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { auth, createApi, createRoute, errors, json, jsonBody, z } from "../api.ts";
import { currentUser } from "../auth/guard.ts";
import { ROLES } from "../auth/roles.ts";
import type { AppDeps } from "../context.ts";
import { getNotificationSettings, setNotificationSettings } from "../sms/notify.ts";

const TAGS = ["Notifications"];

const Settings = z.strictObject({
  betSettled: z.boolean().openapi({
    description: "Text each bet's result once its market is final",
  }),
  payments: z.boolean().openapi({
    description: "Text deposits credited and withdrawals paid or failed",
  }),
}).openapi("NotificationSettings");

const getRoute = createRoute({
  method: "get",
  path: "/me/notifications",
  tags: TAGS,
  summary: "Which texts the caller wants",
  ...auth(...ROLES),
  responses: { 200: json(Settings, "The settings"), ...errors(401, 403) },
});

const putRoute = createRoute({
  method: "put",
  path: "/me/notifications",
  tags: TAGS,
  summary: "Choose which texts to get",
  description: "Texts go only to a verified phone that has not texted STOP; turning any on " +
    "without a verified phone is 409 `phone_not_verified`.",
  ...auth(...ROLES),
  request: { body: jsonBody(Settings) },
  responses: { 200: json(Settings, "Saved"), ...errors(400, 401, 403, 409, 413, 415) },
});

export function notificationRoutes(deps: AppDeps): OpenAPIHono {
  const { sql } = deps.db;
  return createApi()
    .openapi(
      getRoute,
      async (c) => c.json(await getNotificationSettings(sql, currentUser(c.var).id), 200),
    )
    .openapi(
      putRoute,
      async (c) =>
        c.json(await setNotificationSettings(sql, currentUser(c.var).id, c.req.valid("json")), 200),
    );
}

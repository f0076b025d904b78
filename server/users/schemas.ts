/**
 * Account fields as the API accepts and returns them (zod, OpenAPI-registered).
 * Every input is bounded: emails ≤ 254, display names 1–80 without control
 * characters, passwords 10–200 characters (the KDF never sees more).
 */
import { z } from "../api.ts";
import { ROLES } from "../auth/roles.ts";
import { PASSWORD_MAX, PASSWORD_MIN } from "./password.ts";

export const EMAIL_MAX = 254;
export const DISPLAY_NAME_MAX = 80;

/** Trimmed; stored as given, unique ignoring case. */
export const Email = z.string().trim().max(EMAIL_MAX).email()
  .openapi({ example: "ada@example.com" });

export const Password = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX)
  .openapi({ format: "password", example: "correct horse battery" });

export const DisplayName = z.string().trim().min(1).max(DISPLAY_NAME_MAX)
  .regex(/^[^\p{Cc}]*$/u, "Must not contain control characters")
  .openapi({ example: "Ada" });

export const Role = z.enum(ROLES).openapi("Role");

/** An opaque refresh token as issued (43 base64url characters). */
export const RefreshToken = z.string().min(16).max(200).openapi({ example: "q3Jd…" });

export const UserId = z.uuid();

export const UserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: Role,
}).openapi("User");

export const MeSchema = UserSchema.extend({
  createdAt: z.string().openapi({ format: "date-time" }),
  bettor: z.boolean().openapi({ description: "Whether the account may bet (POST /api/me/betting)" }),
}).openapi("Me");

/** A user as admins see them. */
export const AdminUserSchema = UserSchema.extend({
  disabled: z.boolean(),
  createdAt: z.string().openapi({ format: "date-time" }),
  updatedAt: z.string().openapi({ format: "date-time" }),
}).openapi("AdminUser");

/** The tokens of one login, as sign-up, login and refresh answer them. */
export const LoginTokensSchema = z.object({
  user: UserSchema,
  accessToken: z.string().openapi({ description: "JWT for `Authorization: Bearer`" }),
  refreshToken: z.string().optional().openapi({
    description: "Opaque; single use, rotated by /auth/refresh. Only for clients that keep it " +
      "themselves (`refreshTokenInBody` at login, or a refresh that sent it in the body); " +
      "browsers get it as the HttpOnly cookie `lanecast_refresh` instead",
  }),
  expiresIn: z.number().int().openapi({ description: "Seconds the access token lasts" }),
}).openapi("LoginTokens");

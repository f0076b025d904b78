/**
 * Roles, each checked on every route. They are not a ladder: staff run the
 * alley and may not bet; bettors may bet and see nothing of the console.
 * `admin` can do everything `staff` can, and manage users.
 */
export const ROLES = ["spectator", "bettor", "staff", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role => typeof v === "string" && (ROLES as readonly string[]).includes(v);

/** The role a sign-up gets: watching and check-in; an admin grants more. */
export const DEFAULT_ROLE: Role = "spectator";

/** Shorthand for routes of the alley console. */
export const STAFF: Role[] = ["staff", "admin"];

/** Who can hold money, so withdraw it and set responsible-play rules: never staff or admins. */
export const MONEY_HOLDERS: Role[] = ["spectator", "bettor"];

/**
 * The words of the two sign-up mails: the confirmation link to a new
 * address, and the notice to the owner of an address that already has an
 * account (so a sign-up never tells the person signing up which it was).
 */
import type { NewMail } from "./messages.ts";

/** The mail with the link that creates the account (`/signup/confirm#token=…`). */
export function confirmMail(
  o: { to: string; displayName: string; base: string; token: string; ttlHours: number },
): NewMail {
  const link = new URL(`/signup/confirm#token=${o.token}`, o.base).href;
  return {
    kind: "signup_confirm",
    to: o.to,
    subject: "Confirm your Lanecast account",
    body: [
      `Hello ${o.displayName},`,
      "",
      "Open this link to confirm your email and finish creating your Lanecast account:",
      "",
      link,
      "",
      `The link works once and for ${o.ttlHours} hours.`,
      "If you did not sign up, ignore this mail: no account is made without the link.",
    ].join("\n"),
  };
}

/** The notice to an address that already has an account. */
export function takenMail(o: { to: string; base: string }): NewMail {
  const signIn = new URL("/login", o.base).href;
  return {
    kind: "signup_taken",
    to: o.to,
    subject: "Someone tried to sign up with your email",
    body: [
      "Hello,",
      "",
      "Someone tried to create a Lanecast account with this email address, which already has one.",
      "If it was you, sign in instead:",
      "",
      signIn,
      "",
      "If you forgot your password or did not try this, sign in and change your password",
      "on your account page. Nothing was changed on your account.",
    ].join("\n"),
  };
}

/** The token of the confirmation link in a mail's body, or null (a sent mail's link is blanked). */
export function signupTokenOf(body: string): string | null {
  return /\/signup\/confirm#token=([A-Za-z0-9_-]+)/.exec(body)?.[1] ?? null;
}

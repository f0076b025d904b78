/**
 * What the account forms say when something is wrong: checks of each field
 * before sending, and the server's problem codes turned into plain words
 * next to the field they are about (never the server's own text). Pure.
 */
import { ApiError } from "../api.ts";

export type AccountField = "displayName" | "email" | "password" | "currentPassword" | "newPassword";
export type FieldErrors = Partial<Record<AccountField, string>>;

/** What a failed account request shows: words per field, and a line for the whole form. */
export interface AccountProblem {
  fields: FieldErrors;
  form: string | null;
}

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const NAME_MAX = 80;

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const WORDS = {
  displayName: `Enter your name (up to ${NAME_MAX} characters)`,
  email: "Enter an email address like name@example.com",
  password: `Use ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`,
};

/** The name field's problem, or undefined. */
export function checkName(name: string): string | undefined {
  const trimmed = name.trim();
  return trimmed.length === 0 || trimmed.length > NAME_MAX ? WORDS.displayName : undefined;
}

/** The email field's problem, or undefined. */
export function checkEmail(email: string): string | undefined {
  return EMAIL_SHAPE.test(email.trim()) ? undefined : WORDS.email;
}

/** A new password's problem, or undefined. */
export function checkPassword(password: string): string | undefined {
  return password.length < PASSWORD_MIN || password.length > PASSWORD_MAX
    ? WORDS.password
    : undefined;
}

/** Only the fields that have a problem. */
export function onlyProblems(fields: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

function minutes(error: ApiError): string {
  const s = Number(error.extra.retryAfter);
  if (!Number.isFinite(s) || s <= 60) return "a minute";
  return `${Math.ceil(s / 60)} minutes`;
}

/** Plain words for a failed sign-up, sign-in, confirmation or account change. */
export function accountProblem(error: unknown): AccountProblem {
  if (!(error instanceof ApiError)) {
    return {
      fields: {},
      form: error instanceof TypeError
        ? "Cannot reach Lanecast. Check your connection and try again."
        : "Something went wrong. Try again.",
    };
  }
  switch (error.code) {
    case "too_many_attempts":
      return { fields: {}, form: `Too many tries. Wait ${minutes(error)} and try again.` };
    case "invalid_credentials":
      return { fields: {}, form: "That email and password do not match an account." };
    case "account_disabled":
      return { fields: {}, form: "This account is turned off. Ask the alley's staff for help." };
    case "wrong_password":
      return { fields: { currentPassword: "That is not your current password" }, form: null };
    case "signup_link_invalid":
      return {
        fields: {},
        form: "This link was already used or has expired. Sign up again to get a new one.",
      };
    case "email_taken":
      return { fields: {}, form: "This email already has an account. Sign in instead." };
    case "nul_character":
    case "invalid_request": {
      const fields: FieldErrors = {};
      for (const issue of error.errors) {
        const field = issue.path.split(/[./]/).find((p) => p in FIELD_WORDS) as
          | AccountField
          | undefined;
        if (field) fields[field] = FIELD_WORDS[field];
      }
      return Object.keys(fields).length > 0
        ? { fields, form: null }
        : { fields: {}, form: "Check the fields and try again." };
    }
    default:
      return { fields: {}, form: "Something went wrong. Try again." };
  }
}

const FIELD_WORDS: Record<AccountField, string> = {
  displayName: WORDS.displayName,
  email: WORDS.email,
  password: WORDS.password,
  newPassword: WORDS.password,
  currentPassword: "Enter your current password",
};

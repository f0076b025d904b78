/**
 * Audit log entries in words, for the console: "Ann Smith changed Ben's role
 * to staff", "Ann Smith corrected Ben's frame 4, ball 1 on Lane 2 to 9 pins:
 * the 10 fell late". Unknown actions fall back to their names. Pure.
 */
import type { AuditEntry } from "./staff_api.ts";

/** The actions the console filters by, in words, grouped as staff think of them. */
export const AUDIT_ACTIONS: readonly { value: string; label: string }[] = [
  { value: "session.correct", label: "Corrected a ball" },
  { value: "session.ball", label: "Entered a ball by hand" },
  { value: "session.open", label: "Opened a session" },
  { value: "session.close", label: "Closed a session" },
  { value: "session.bowler_add", label: "Added a bowler" },
  { value: "session.bowler_remove", label: "Removed a bowler" },
  { value: "session.check_in", label: "Bowler checked in" },
  { value: "lane.create", label: "Added a lane" },
  { value: "lane.update", label: "Changed a lane's settings" },
  { value: "lane.camera_key.rotate", label: "Made a camera key" },
  { value: "lane.calibrate", label: "Calibrated a lane" },
  { value: "lane.publish.grant", label: "Gave a camera a publish token" },
  { value: "user.role", label: "Changed a role" },
  { value: "user.disable", label: "Disabled an account" },
  { value: "user.enable", label: "Enabled an account" },
  { value: "user.rename", label: "Renamed a user" },
  { value: "market.review", label: "Reviewed an AI read" },
  { value: "market.suspend", label: "Suspended a market" },
  { value: "market.void", label: "Voided a market" },
  { value: "market.dispute", label: "Disputed a market" },
  { value: "market.resolve", label: "Resolved a dispute" },
];

/** Who acted: the display name, else the email, else the system that did it. */
export function actorName(e: Pick<AuditEntry, "actor" | "detail">): string {
  const name = e.actor?.name ?? e.actor?.email;
  if (name) return name;
  return e.detail.system === "sim-keeper" ? "The simulator" : "The system";
}

/** The entry as one sentence, without a trailing period. */
export function describeAudit(e: AuditEntry): string {
  const who = actorName(e);
  const d = e.detail;
  const on = e.laneId ? ` on Lane ${e.laneId}` : "";
  const target = e.targetName ?? text(d.name) ?? shortId(e.targetId);
  const pins = (v: unknown) => describeBall(v);
  switch (e.action) {
    case "user.role":
      return `${who} changed ${possessive(target)} role to ${text(d.to) ?? "?"}`;
    case "user.disable":
      return `${who} disabled ${possessive(target)} account`;
    case "user.enable":
      return `${who} enabled ${possessive(target)} account`;
    case "user.rename":
      return `${who} renamed ${quote(d.from)} to ${quote(d.to)}`;
    case "user.bootstrap":
      return `${who} set up ${target} as the admin from the server's settings`;
    case "user.bettor":
      return `${who} became a bettor`;
    case "user.password":
      return `${who} changed their password`;
    case "session.open":
      return `${who} opened a session${on}${listOf(d.bowlers)}`;
    case "session.close":
      return `${who} closed the session${on}`;
    case "session.ball":
      return `${who} entered a ball by hand${on}: ${pins(d)}`;
    case "session.correct":
      return `${who} corrected ${possessive(text(d.bowlerName) ?? "a bowler")} ${
        frameBall(d)
      }${on} from ${pins(d.from)} to ${pins(d.to)}${reasonOf(d)}`;
    case "session.bowler_add":
      return `${who} added ${text(d.name) ?? "a bowler"} to the session${on}`;
    case "session.bowler_remove":
      return `${who} removed ${text(d.name) ?? "a bowler"} from the session${on}${reasonOf(d)}`;
    case "session.check_in":
      return `${text(d.name) ?? who} checked in${on}`;
    case "session.check_in_rotate":
      return `${who} made a new check-in code${on}`;
    case "lane.create":
      return `${who} added ${target}`;
    case "lane.update":
      return `${who} changed ${target}'s settings${changes(d)}`;
    case "lane.camera_key.rotate":
      return `${who} made a new camera key for ${target}`;
    case "lane.camera_key.revoke":
      return `${who} removed ${possessive(target)} camera key`;
    case "lane.calibrate":
      return `${who} calibrated ${target}`;
    case "lane.calibration.clear":
      return `${who} cleared ${possessive(target)} calibration`;
    case "lane.publish.grant":
      return `${e.actor ? who : "A camera"} got a publish token for ${target}${
        KEY_WORDS[text(d.key) ?? ""] ?? ""
      }`;
    case "market.review":
      return `${who} ${reviewVerb(d.action)} the AI's read of a shot${on}${reasonOf(d)}`;
    case "market.redetermine":
      return `${possessive(who)} correction settled a market${on} again${reasonOf(d)}`;
    case "market.suspend":
    case "market.void":
    case "market.dispute":
    case "market.resolve":
      return `${who} ${MARKET_VERBS[e.action]} a market${on}${reasonOf(d)}`;
    default:
      return `${who}: ${e.action} on ${e.targetType} ${target}`;
  }
}

const KEY_WORDS: Record<string, string> = {
  "lane-key": " with the lane's camera key",
  "global-key": " with the alley's global camera key",
  staff: " as staff",
};

const MARKET_VERBS: Record<string, string> = {
  "market.suspend": "suspended",
  "market.void": "voided",
  "market.dispute": "disputed",
  "market.resolve": "resolved",
};

function reviewVerb(action: unknown): string {
  if (action === "confirm") return "confirmed";
  if (action === "override") return "overrode";
  if (action === "void") return "voided the markets on";
  return "reviewed";
}

/** A ball's state ({pinsStanding, foul}) in words: "a strike", "9 pins", "a foul". */
export function describeBall(value: unknown): string {
  if (!value || typeof value !== "object") return "?";
  const { pinsStanding, foul } = value as { pinsStanding?: unknown; foul?: unknown };
  if (foul === true) return "a foul";
  if (!Array.isArray(pinsStanding)) return "?";
  if (pinsStanding.length === 0) return "all pins down";
  return `${pinsStanding.length} standing (${pinsStanding.join(", ")})`;
}

function frameBall(d: Record<string, unknown>): string {
  return typeof d.frame === "number"
    ? `frame ${d.frame}${typeof d.ball === "number" ? `, ball ${d.ball}` : ""}`
    : "ball";
}

function reasonOf(d: Record<string, unknown>): string {
  const reason = text(d.reason);
  return reason ? `: “${reason}”` : "";
}

function listOf(value: unknown): string {
  return Array.isArray(value) && value.length ? ` for ${value.join(", ")}` : "";
}

function changes(d: Record<string, unknown>): string {
  const after = d.after;
  if (!after || typeof after !== "object") return "";
  const keys = Object.keys(after as object);
  return keys.length ? ` (${keys.join(", ")})` : "";
}

function possessive(name: string): string {
  return name.endsWith("s") ? `${name}'` : `${name}'s`;
}

function quote(value: unknown): string {
  return `“${text(value) ?? "?"}”`;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined;
}

/** Long ids (uuids) shortened to their first block. */
function shortId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(id) ? `${id.slice(0, 8)}…` : `“${id}”`;
}

/**
 * Check-in codes: what a bowler must show to join a lane's open session. A
 * code is the server's Ed25519 signature (the lane-token key, server/keys.ts)
 * over the lane, the session, the session's code generation and an expiry,
 * so nothing secret is stored and a code is good only for that lane's that
 * session until it expires or staff rotate the generation. Ed25519 is
 * deterministic: the same session, generation and expiry always give the
 * same code.
 *
 * A code reads `<expiry>.<generation>.<signature>` (base 36 seconds since
 * the epoch, base 36, base64url).
 *
 * @example
 * ```ts ignore
 * const codes = createCheckInCodes({ keys, ttlSeconds: 900 });
 * const { code } = await codes.mint({ laneId: "3", sessionId, generation: 1 });
 * await codes.verify(code, { laneId: "3", sessionId, generation: 1 }); // throws DomainError when not good
 * ```
 * @module
 */
import { base64url } from "jose";
import { DomainError } from "../../core/problem.ts";
import type { ServerConfig } from "../config.ts";
import type { SigningKeys } from "../keys.ts";

/** What a code is bound to. */
export interface CheckInTarget {
  laneId: string;
  sessionId: string;
  generation: number;
}

export interface CheckInCodesOptions {
  keys: Pick<SigningKeys, "privateKey" | "publicKey">;
  /** How long a minted code is good for. */
  ttlSeconds: number;
  /** The clock, in ms (tests move it). Default: `Date.now`. */
  now?: () => number;
}

export interface MintedCode {
  code: string;
  expiresAt: Date;
}

export interface CheckInCodes {
  readonly ttlSeconds: number;
  mint(target: CheckInTarget): Promise<MintedCode>;
  /** Resolves when `code` is good for `target` now; else throws `check_in_code_*`. */
  verify(code: string | undefined | null, target: CheckInTarget): Promise<void>;
}

/** The longest code anyone could send (a base 36 expiry, a generation, 86 base64url). */
export const MAX_CODE_LENGTH = 120;
const CODE_PATTERN = /^([0-9a-z]{1,10})\.([0-9a-z]{1,7})\.([A-Za-z0-9_-]{86})$/;
const ALG = { name: "Ed25519" };

export function createCheckInCodes(options: CheckInCodesOptions): CheckInCodes {
  const { keys, ttlSeconds } = options;
  const now = options.now ?? Date.now;
  return {
    ttlSeconds,
    async mint(target) {
      const exp = Math.floor(now() / 1000) + ttlSeconds;
      const sig = await crypto.subtle.sign(ALG, keys.privateKey, signed(target, exp));
      return {
        code: `${exp.toString(36)}.${target.generation.toString(36)}.${
          base64url.encode(new Uint8Array(sig))
        }`,
        expiresAt: new Date(exp * 1000),
      };
    },
    async verify(code, target) {
      if (!code) throw checkInCodeRequired();
      const match = code.length <= MAX_CODE_LENGTH ? CODE_PATTERN.exec(code) : null;
      const exp = match ? parseInt(match[1], 36) : NaN;
      const generation = match ? parseInt(match[2], 36) : NaN;
      const good = match !== null &&
        await crypto.subtle.verify(
          ALG,
          keys.publicKey,
          base64url.decode(match[3]) as Uint8Array<ArrayBuffer>,
          signed({ ...target, generation }, exp),
        );
      if (!good) {
        throw new DomainError(
          "check_in_code_invalid",
          `This code is not for the open session of lane "${target.laneId}": scan the lane's QR code again`,
        );
      }
      if (generation !== target.generation) {
        throw new DomainError(
          "check_in_code_invalid",
          "This code was replaced by staff: scan the lane's QR code again",
        );
      }
      if (exp * 1000 <= now()) {
        throw new DomainError(
          "check_in_code_expired",
          "This check-in code has expired: scan the lane's QR code again",
        );
      }
    },
  };
}

export const checkInCodeRequired = () =>
  new DomainError(
    "check_in_code_required",
    "Checking in needs the code of the lane's QR code: scan it at the lane",
  );

/** The server's codes: signed with its lane-token key, good for `CHECK_IN_CODE_TTL_S`. */
export function checkInCodesFor(
  deps: { keys: SigningKeys; config: Pick<ServerConfig, "CHECK_IN_CODE_TTL_S"> },
): CheckInCodes {
  return createCheckInCodes({ keys: deps.keys, ttlSeconds: deps.config.CHECK_IN_CODE_TTL_S });
}

/** The bytes a code signs: its purpose, the target and the expiry, newline-separated. */
function signed(t: CheckInTarget, exp: number): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    ["lanecast-check-in", t.laneId, t.sessionId, t.generation, exp].join("\n"),
  );
}

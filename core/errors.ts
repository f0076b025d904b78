/**
 * Typed domain errors shared by the server, the SFU and the sidecar. Domain
 * code throws a `DomainError` with a machine `code` and a sentence-case
 * message; it never chooses an HTTP status. Each process has one boundary
 * (`server/errors.ts`, `sfu/http_util.ts`) that maps codes to statuses with
 * `statusForCode()` and writes RFC 9457 problem+json, `Retry-After` included.
 *
 * @example
 * throw new DomainError("unknown_lane", `Cannot find lane "7"`);
 * throw new DomainError("too_many_attempts", "Try again later", { retryAfter: 30 });
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Extra members of the problem document; `retryAfter` (seconds) also sets the header. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }

  /** Seconds to wait before retrying, when the error says so. */
  get retryAfter(): number | undefined {
    return typeof this.extra.retryAfter === "number" ? this.extra.retryAfter : undefined;
  }
}

/**
 * HTTP status of each domain code. Codes not listed map by their suffix
 * (`unknown_*` → 404, `*_wrong`/`forbidden*` → 403, `too_many_*` → 429) and
 * otherwise to 400, a request the caller can fix.
 */
export const CODE_STATUS: Readonly<Record<string, number>> = Object.freeze({
  // 400: a malformed or invalid request the caller can fix
  bad_request: 400,
  bad_json: 400,
  bad_rtp_parameters: 400,
  bad_rtp_capabilities: 400,
  invalid_request: 400,
  invalid_ball: 400,
  nul_character: 400,
  no_usable_media: 400,
  bad_pipe: 400,
  sfu_host_url_forbidden: 400,
  source_url_required: 400,
  source_url_unexpected: 400,
  camera_url_invalid: 400,
  camera_host_forbidden: 400,
  malformed_body: 400,
  refresh_token_missing: 400,
  invalid_lane_event: 400,
  lane_event_ahead: 400,
  check_in_code_required: 400,
  idempotency_key_reused: 400,
  unknown_outcome: 400,
  invalid_transfer: 400,
  invalid_date_of_birth: 400,
  invalid_phone: 400,
  phone_code_expired: 400,
  clip_too_long: 400,
  invalid_limit: 400,
  signup_link_invalid: 400,
  invalid_exclusion_days: 400,
  invalid_clip_window: 400,
  amount_too_small: 400,
  bad_signature: 400,
  payment_mismatch: 400,
  video_missing: 400,
  lane_corners_invalid: 400,
  lane_corners_not_convex: 400,
  lane_corners_mirrored: 400,
  lane_corners_with_lane: 400,
  lane_ball_incomplete: 400,
  resolve_line_mismatch: 400,
  // 401: who the caller is is not established
  unauthenticated: 401,
  live_ticket_invalid: 401,
  bad_authorization: 401,
  invalid_credentials: 401,
  invalid_refresh_token: 401,
  refresh_expired: 401,
  refresh_reused: 401,
  refresh_revoked: 401,
  login_expired: 401,
  login_ended: 401,
  inference_key_required: 401,
  metrics_token_required: 401,
  camera_key_required: 401,
  token_revoked: 401,
  service_key_required: 401,
  // 403: the caller may not do this
  forbidden: 403,
  account_disabled: 403,
  origin_not_allowed: 403,
  wrong_password: 403,
  inference_key_wrong: 403,
  camera_key_wrong: 403,
  camera_key_not_for_lane: 403,
  token_wrong_right: 403,
  service_key_wrong: 403,
  sfu_host_key_wrong: 403,
  internal_only: 403,
  metrics_forbidden: 403,
  check_in_code_invalid: 403,
  check_in_code_expired: 403,
  not_a_bettor: 403,
  staff_may_not_bet: 403,
  too_young: 403,
  betting_revoked: 403,
  sandbox_disabled: 403,
  shot_not_yours: 403,
  phone_code_wrong: 403,
  "self-excluded": 403,
  clip_url_invalid: 403,
  clip_url_expired: 403,
  lane_ball_forbidden: 403,
  // 404
  not_found: 404,
  no_session: 404,
  not_calibrated: 404,
  unknown_media_link: 404,
  unknown_share: 404,
  unknown_game: 404,
  // 405
  method_not_allowed: 405,
  // 409: the state of things forbids it now
  conflict: 409,
  session_open: 409,
  session_closed: 409,
  session_full: 409,
  session_complete: 409,
  not_open_play: 409,
  lane_exists: 409,
  lane_disabled: 409,
  email_taken: 409,
  cannot_change_self: 409,
  no_change: 409,
  game_complete: 409,
  already_bowling: 409,
  out_of_turn: 409,
  impossible_ball: 409,
  impossible_correction: 409,
  ball_superseded: 409,
  bowler_removed: 409,
  shot_id_taken: 409,
  transfer_id_taken: 409,
  too_many_transports: 409,
  replay_window_gone: 409,
  // Betting codes are hyphenated: the contract names them so.
  "market-suspended": 409,
  "market-version-stale": 409,
  market_closed: 409,
  market_state: 409,
  shot_not_in_review: 409,
  no_turn: 409,
  already_bettor: 409,
  clip_not_ready: 409,
  phone_not_verified: 409,
  no_phone_code: 409,
  provider_unavailable: 409,
  payment_not_credited: 409,
  paypal_order_not_approved: 409,
  phone_opted_out: 409,
  "open-bets": 409,
  withdrawal_state: 409,
  analysis_finished: 409,
  video_resolution_decided: 409,
  market_open: 409,
  // 410: gone for good
  share_revoked: 410,
  // 413, 415, 416, 422, 426
  too_large: 413,
  unsupported_media_type: 415,
  video_too_large: 413,
  upload_not_multipart: 415,
  video_type_unsupported: 415,
  video_unreadable: 422,
  range_not_satisfiable: 416,
  invalid_calibration: 422,
  "insufficient-funds": 422,
  "deposit-limit": 422,
  "loss-limit": 422,
  upgrade_required: 426,
  // 429: slow down (the error's retryAfter sets Retry-After)
  too_many_attempts: 429,
  rate_limited: 429,
  too_many_viewers: 429,
  too_many_codes: 429,
  too_many_texts: 429,
  too_many_shares: 429,
  too_many_analyze_jobs: 429,
  too_many_sidecars: 429,
  // 502: a provider we depend on refused or failed
  payout_failed: 502,
  paypal_refused: 502,
  provider_failed: 502,
  // 503: not now, try again
  unavailable: 503,
  lane_not_live: 503,
  keys_unavailable: 503,
  worker_busy: 503,
  lane_full: 503,
  no_media_worker: 503,
  sfu_unavailable: 503,
  no_replay_yet: 503,
});

/** The HTTP status a domain code maps to (see `CODE_STATUS`). */
export function statusForCode(code: string): number {
  const known = CODE_STATUS[code];
  if (known) return known;
  if (code.startsWith("unknown_")) return 404;
  if (code.endsWith("_wrong") || code.startsWith("forbidden")) return 403;
  if (code.startsWith("too_many_")) return 429;
  return 400;
}

import { useEffect, useMemo } from "preact/hooks";
import { CheckInCodeModel } from "./check_in_code_model.ts";
import { formatTime } from "./format.ts";
import type { StaffApi } from "./staff_api.ts";

/**
 * The open session's check-in QR code, to show on a screen at the lane:
 * bowlers scan it to join this session. The code inside expires and is
 * renewed here on its own; "New code" voids every code shown before (after
 * a photo of the screen got around, say).
 */
export function CheckInQrPanel(
  { sessionId, laneName, staffApi }: {
    sessionId: string;
    laneName: string;
    staffApi: Pick<StaffApi, "getCheckInCode" | "rotateCheckInCode">;
  },
) {
  const model = useMemo(
    () => new CheckInCodeModel({ sessionId, api: staffApi }),
    [sessionId, staffApi],
  );
  useEffect(() => {
    void model.start();
    return () => model.stop();
  }, [model]);
  const code = model.code.value;

  async function rotate() {
    if (confirm("Make a new check-in code? QR codes shown or photographed before stop working.")) {
      await model.rotate();
    }
  }

  return (
    <section class="panel qr" aria-label="Check-in QR code">
      <h2 class="panel__title">Check-in QR code</h2>
      {code
        ? (
          <img
            class="qr__image"
            src={code.qrUrl}
            alt={`QR code for checking in on ${laneName}`}
            width={160}
            height={160}
          />
        )
        : <div class="qr__image" aria-hidden="true" />}
      <div class="qr__text">
        <p class="panel__text">
          Show it at the lane: bowlers scan it to join this session. It renews itself
          {code && (
            <span data-testid="check-in-expiry">
              ; this one is good until {formatTime(code.expiresAt)}
            </span>
          )}.
        </p>
        {model.error.value && <p class="form__error" role="alert">{model.error}</p>}
        <div class="form__actions">
          {code && (
            <a class="button" href={code.url} target="_blank" rel="noopener">Check-in page</a>
          )}
          <button type="button" class="button" disabled={model.busy} onClick={rotate}>
            New code
          </button>
        </div>
      </div>
    </section>
  );
}

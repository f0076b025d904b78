import { useEffect, useMemo } from "preact/hooks";
import { BackIcon } from "../components/icons.tsx";
import { AiScoringPanel } from "./ai_scoring_panel.tsx";
import { ClaimPanel } from "./claim_panel.tsx";
import { staffLanePath } from "../router.ts";
import { BallEntry } from "./ball_entry.tsx";
import { BowlersPanel } from "./bowlers_panel.tsx";
import { CheckInQrPanel } from "./check_in_qr_panel.tsx";
import type { StaffPageProps } from "./console.tsx";
import { CorrectionPanel } from "./correction_panel.tsx";
import { formatTime } from "./format.ts";
import { HistoryList } from "./history_list.tsx";
import { ScoreSheet } from "./score_sheet.tsx";
import { SessionModel } from "./session_model.ts";
import { SessionClips } from "./session_clips.tsx";

/**
 * One session: the live score sheet, ball entry (behind "Correct a ball"
 * while the AI scores the game), corrections with their history, the bowlers
 * (removing one), the check-in QR code while open, closing.
 */
export function SessionPage(props: StaffPageProps & { sessionId: string }) {
  const { sessionId, staffApi, auth } = props;
  const model = useMemo(
    () => new SessionModel({ sessionId, api: staffApi, fetch: auth.fetch }),
    [sessionId, staffApi, auth],
  );
  useEffect(() => {
    void model.start();
    return () => model.stop();
  }, [model]);
  useEffect(() => void (document.title = "Session · Console · Lanecast"), []);

  const sheet = model.sheet.value;
  if (!sheet) {
    return (
      <section class="page">
        <a class="back-link" href="/staff/sessions">
          <BackIcon size={16} /> Sessions
        </a>
        {model.error.value
          ? <p class="notice" role="alert">{model.error}</p>
          : <p class="muted">Loading…</p>}
      </section>
    );
  }

  async function close() {
    if (confirm("Close this session? Balls can still be corrected afterwards.")) {
      await model.close();
    }
  }

  const open = sheet.status === "open";
  const correcting = model.correcting.value !== null;
  const ai = model.aiScoring.value;
  const entering = !correcting && model.up.value !== null && (!ai || model.manualOpen.value);
  // Correction and entry show their own errors beside their buttons.
  const pageError = !correcting && !entering ? model.error.value : null;
  return (
    <section class="page session-page">
      <a class="back-link" href={staffLanePath(sheet.laneId)}>
        <BackIcon size={16} /> Lane {sheet.laneId}
      </a>
      <header class="page-head page-head--row">
        <div>
          <h1 class="page-head__title">Lane {sheet.laneId} session</h1>
          <p class="page-head__lede">
            Opened {formatTime(sheet.openedAt)}
            {sheet.closedAt && ` · closed ${formatTime(sheet.closedAt)}`}
          </p>
        </div>
        <div class="controls">
          <span class="status-tag" data-status={sheet.status} data-testid="session-status">
            {sheet.openPlay ? "open play" : sheet.status}
          </span>
          <span class="live-dot" data-status={model.liveStatus} title="Live updates">
            {model.liveStatus.value === "open" ? "Live updates" : "Connecting…"}
          </span>
          {open && (
            <button type="button" class="button" disabled={model.busy} onClick={close}>
              Close session
            </button>
          )}
        </div>
      </header>
      {pageError && <p class="notice" role="alert">{pageError}</p>}
      <ScoreSheet model={model} />
      <div class="staff-cols">
        <div class="staff-col">
          {correcting && <CorrectionPanel model={model} />}
          {!correcting && ai && !model.manualOpen.value && <AiScoringPanel model={model} />}
          {entering && <BallEntry model={model} byHand={ai} />}
          {!correcting && !model.up.value && (
            <p class="panel panel__text">
              {open ? "Every game is complete." : "This session is closed."}{" "}
              Tap a mark on the sheet to correct it.
            </p>
          )}
        </div>
        <div class="staff-col">
          <ClaimPanel model={model} />
          <BowlersPanel model={model} />
          {open && (
            <CheckInQrPanel
              sessionId={sheet.id}
              laneName={`Lane ${sheet.laneId}`}
              staffApi={staffApi}
            />
          )}
          <HistoryList model={model} />
          <SessionClips sheet={sheet} fetch={auth.fetch} />
        </div>
      </div>
    </section>
  );
}

import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { Api } from "../api.ts";
import type { AuthSession } from "../auth/session.ts";
import { SignInFirst } from "../games/signed_out.tsx";
import type { LanesModel } from "../lanes_model.ts";
import { AnalysisView } from "./analysis_view.tsx";
import { AnalyzeModel } from "./analyze_model.ts";
import { CornerModel, decodeFirstFrame } from "./corner_model.ts";
import { CornerPicker } from "./corner_picker.tsx";

const ACCEPT = "video/mp4,video/quicktime,video/x-msvideo,.mp4,.mov,.avi";

/**
 * `/analyze` (and `/analyze/{jobId}`): drop a bowling video, say where its
 * lane is (the lane it was filmed on, or its four corners clicked on the
 * first frame, both optional), send it and watch the analysis; then the
 * shots it found with their poster frames and paths, the labels, and a
 * suggested bet.
 */
export function AnalyzePage(
  { auth, api, lanes, jobId, navigate }: {
    auth: AuthSession;
    api: Pick<Api, "laneVideoFit">;
    lanes: LanesModel;
    jobId?: string;
    navigate: (path: string) => void;
  },
) {
  const model = useMemo(() => new AnalyzeModel({ fetch: auth.fetch }), [auth]);
  const corners = useMemo(() => new CornerModel(), []);
  const laneId = useSignal("");
  const dragging = useSignal(false);
  /** The video chosen and not yet sent, and whether its first frame is still being decoded. */
  const chosen = useSignal<File | null>(null);
  const decoding = useSignal(false);
  const signedIn = auth.status.value === "signedIn";
  useEffect(() => {
    document.title = "Analyse a video · Lanecast";
    if (jobId && signedIn) model.open(jobId);
    return () => model.stop();
  }, [jobId, signedIn]);
  const stage = model.stage.value;
  useEffect(() => {
    if ((stage.kind === "analysing" || stage.kind === "done") && stage.job.id !== jobId) {
      navigate(`/analyze/${stage.job.id}`);
    }
  }, [stage]);

  if (!signedIn) {
    return (
      <section class="page analyze-page">
        <h1 class="page-title">Analyse a video</h1>
        <SignInFirst auth={auth} next="/analyze" />
      </section>
    );
  }
  const choose = (file: File | undefined) => {
    if (!file) return;
    chosen.value = file;
    model.dismiss();
    decoding.value = true;
    corners.reset(null);
    decodeFirstFrame(file).then((frame) => {
      if (chosen.value !== file) return;
      corners.reset(frame);
      decoding.value = false;
    });
  };
  const send = () => {
    const file = chosen.value;
    if (!file) return;
    const field = laneId.value ? null : corners.field();
    chosen.value = null;
    model.upload(file, laneId.value || null, field);
  };
  const busy = stage.kind === "uploading" || stage.kind === "analysing";
  const check = corners.check.value;
  const blocked = !laneId.value && check.kind === "invalid";
  return (
    <section class="page analyze-page">
      <header class="page-head">
        <h1 class="page-title">Analyse a video</h1>
        <p class="page-lede">
          Lanecast's AI watches your video as it watches a live lane: every ball's speed, line and
          pins, in seconds.
        </p>
      </header>
      <form class="panel analyze-form" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label class="field__label" for="analyze-lane">Lane it was filmed on</label>
          <select
            id="analyze-lane"
            class="input"
            value={laneId.value}
            disabled={busy}
            onChange={(e) => (laneId.value = e.currentTarget.value)}
          >
            <option value="">Not one of these lanes</option>
            {(lanes.lanes.value ?? []).map((l) => <option key={l.id} value={l.id}>{l.name}
            </option>)}
          </select>
        </div>
        <label
          class="drop-zone"
          data-dragging={dragging.value}
          data-busy={busy}
          onDragOver={(e) => {
            e.preventDefault();
            dragging.value = true;
          }}
          onDragLeave={() => (dragging.value = false)}
          onDrop={(e) => {
            e.preventDefault();
            dragging.value = false;
            if (!busy) choose(e.dataTransfer?.files[0]);
          }}
        >
          <input
            class="drop-zone__input"
            type="file"
            name="file"
            accept={ACCEPT}
            disabled={busy}
            onChange={(e) => {
              choose(e.currentTarget.files?.[0]);
              e.currentTarget.value = "";
            }}
          />
          <span class="drop-zone__title">Drop a video here, or choose one</span>
          <span class="drop-zone__hint">MP4, MOV or AVI, up to 100 MB</span>
        </label>
        {chosen.value && !busy && (
          <section
            class="analyze-chosen"
            aria-labelledby="chosen-title"
            data-testid="analyze-chosen"
          >
            <h2 class="panel__title" id="chosen-title">
              {chosen.value.name} ({(chosen.value.size / 1_000_000).toFixed(1)} MB)
            </h2>
            {laneId.value
              ? (
                <p class="panel__text">
                  The analysis uses the calibration of the lane chosen above.
                </p>
              )
              : decoding.value
              ? <p class="panel__text muted">Reading the video's first frame…</p>
              : <CornerPicker model={corners} />}
            <div class="corner-actions">
              <button
                type="button"
                class="button button--primary"
                disabled={blocked}
                onClick={send}
                data-testid="analyze-send"
              >
                Analyse this video
              </button>
              <button type="button" class="button" onClick={() => (chosen.value = null)}>
                Choose another
              </button>
            </div>
          </section>
        )}
      </form>
      {stage.kind === "uploading" && (
        <div class="panel analyze-status" role="status">
          <p>Sending {stage.name} ({(stage.bytes / 1_000_000).toFixed(1)} MB)…</p>
          <progress class="analyze-progress" aria-label="Upload" />
        </div>
      )}
      {stage.kind === "analysing" && (
        <div class="panel analyze-status" role="status" data-testid="analyze-progress">
          <p>
            {stage.job.state === "queued"
              ? "Waiting for its turn…"
              : `Analysing: ${Math.round(stage.job.progress * 100)}%`}
          </p>
          <progress
            class="analyze-progress"
            aria-label="Analysis"
            max={1}
            value={stage.job.state === "queued" ? undefined : stage.job.progress}
          />
        </div>
      )}
      {stage.kind === "failed" && (
        <p class="form__error" role="alert" data-testid="analyze-error">{stage.message}</p>
      )}
      {stage.kind === "done" && (
        <AnalysisView
          result={stage.result}
          laneId={stage.job.laneId}
          fetch={auth.fetch}
          api={api}
        />
      )}
    </section>
  );
}

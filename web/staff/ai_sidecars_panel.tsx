import { useEffect, useMemo } from "preact/hooks";
import { AiSidecarsModel, sidecarLines } from "./ai_sidecars_model.ts";
import type { StaffPageProps } from "./console.tsx";

/** The AI sidecars in a few lines: who watches which lanes, how it keeps up, lanes nobody watches. */
export function AiSidecarsPanel({ staffApi }: Pick<StaffPageProps, "staffApi">) {
  const model = useMemo(() => new AiSidecarsModel(() => staffApi.inferenceOverview()), [staffApi]);
  useEffect(() => model.retain(), [model]);
  const overview = model.overview.value;
  const view = overview ? sidecarLines(overview) : null;
  return (
    <section class="ai-sidecars" aria-labelledby="ai-sidecars-title">
      <h2 id="ai-sidecars-title" class="ai-sidecars__title">AI sidecars</h2>
      {model.error.value && <p class="notice" role="alert">{model.error} — retrying</p>}
      {!view && !model.error.value && <p class="ai-sidecars__none">Loading…</p>}
      {view && !view.lines.length && (
        <p class="ai-sidecars__none">No sidecar has checked in: no lane is analysed.</p>
      )}
      {view && view.lines.length > 0 && (
        <ul class="ai-sidecars__list">
          {view.lines.map((l) => (
            <li key={l.id} class={l.live ? "" : "ai-sidecars__gone"}>
              <strong>{l.id}</strong> {l.text}
            </li>
          ))}
        </ul>
      )}
      {view?.unwatched && (
        <p class="notice" role="status">Lanes no sidecar watches: {view.unwatched}</p>
      )}
    </section>
  );
}

import { useEffect, useMemo } from "preact/hooks";
import type { AuthSession } from "../auth/session.ts";
import { MarketList } from "./market_list.tsx";
import { MarketsModel } from "./markets_model.ts";
import type { StaffApi } from "./staff_api.ts";

/** One lane's markets, kept live by the lane's event stream, with the staff actions. */
export function LaneMarketsPanel(
  { laneId, staffApi, auth }: { laneId: string; staffApi: StaffApi; auth: AuthSession },
) {
  const model = useMemo(() => new MarketsModel({ api: staffApi, laneId, limit: 30 }), [
    staffApi,
    laneId,
  ]);
  useEffect(() => model.follow(auth.fetch), [model, auth]);

  return (
    <section class="panel markets-panel" aria-label="Markets">
      <h2 class="panel__title">
        Markets
        <span class="live-dot" data-status={model.liveStatus} title="Live updates">
          {model.liveStatus.value === "open" ? "Live" : "Connecting…"}
        </span>
      </h2>
      <p class="panel__text">
        Opened for each ball when the rack is ready; suspended when the bowler starts the approach.
        Suspend or void by hand here.
      </p>
      {model.error.value && <p class="notice" role="alert">{model.error}</p>}
      <MarketList model={model} />
    </section>
  );
}

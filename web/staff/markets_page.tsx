import { useEffect, useMemo } from "preact/hooks";
import { MARKET_STATES_SHOWN } from "./market_format.ts";
import { MarketList } from "./market_list.tsx";
import { MarketsModel } from "./markets_model.ts";
import type { MarketState, StaffApi } from "./staff_api.ts";

/** Every lane's markets, filtered by state (disputed ones to resolve, say), polled. */
export function MarketsPage({ staffApi }: { staffApi: StaffApi }) {
  const model = useMemo(() => new MarketsModel({ api: staffApi, limit: 100 }), [staffApi]);
  useEffect(() => {
    document.title = "Markets · Console · Lanecast";
    return model.poll(5000);
  }, [model]);

  return (
    <section class="page">
      <header class="page-head page-head--row">
        <div>
          <h1 class="page-head__title">Markets</h1>
          <p class="page-head__lede">
            Every lane's markets, in play first. Dispute a settled one within the dispute window;
            resolve a disputed one with the right result or void it.
          </p>
        </div>
        <label class="field field--inline">
          <span class="field__label">State</span>
          <select
            class="input input--compact"
            name="state"
            value={model.state}
            onChange={(e) => {
              model.state.value = e.currentTarget.value as MarketState | "";
              model.markets.value = null;
              void model.reload();
            }}
          >
            <option value="">Any</option>
            {MARKET_STATES_SHOWN.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
      </header>
      {model.error.value && <p class="notice" role="alert">{model.error}</p>}
      <MarketList model={model} showLane />
    </section>
  );
}

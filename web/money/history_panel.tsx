import { useSignal } from "@preact/signals";
import { TransactionList } from "../betting/transaction_list.tsx";
import type { WalletModel } from "../betting/wallet_model.ts";
import type { MoneyApi } from "./money_api.ts";
import { moneyErrorText } from "./money_errors.ts";

/** Every transaction, and the whole history as a CSV file. */
export function HistoryPanel(
  { wallet, api }: { wallet: WalletModel; api: Pick<MoneyApi, "transactionsCsv"> },
) {
  return (
    <section class="panel money-panel wallet-history" aria-label="Transactions">
      <div class="money-head">
        <h2 class="panel__title">Transactions</h2>
        <CsvButton api={api} />
      </div>
      <TransactionList wallet={wallet} />
    </section>
  );
}

/**
 * "Download CSV": the file comes through the signed-in fetch (the access
 * token is not a cookie, so a plain link could not send it) and is saved
 * from a blob.
 */
function CsvButton({ api }: { api: Pick<MoneyApi, "transactionsCsv"> }) {
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  async function download() {
    busy.value = true;
    error.value = null;
    try {
      const blob = await api.transactionsCsv();
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `lanecast-transactions-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      error.value = moneyErrorText(e);
    } finally {
      busy.value = false;
    }
  }
  return (
    <span class="money-csv">
      <button
        type="button"
        class="button"
        disabled={busy.value}
        onClick={() => void download()}
        data-testid="download-csv"
      >
        Download CSV
      </button>
      {error.value && <span class="form__error" role="alert">{error}</span>}
    </span>
  );
}

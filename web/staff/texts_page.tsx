import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { type AuthedFetch, describeError, requestJson } from "../api.ts";
import { formatTime } from "./format.ts";

interface Text {
  id: string;
  /** `phone_code`, `share`, and the money and bet notifications (any other kind shows as it is). */
  kind: string;
  to: string;
  body: string;
  mediaUrl: string | null;
  /** queued, held or sent; Twilio's status callbacks add delivered, failed and the like. */
  state: string;
  providerSid: string | null;
  createdAt: string;
}

/**
 * The texts the server sent or holds: without a Twilio account every text is
 * held here (a phone code is read off this page in development); with one,
 * each shows Twilio's message id once Twilio took it.
 */
export function TextsPage({ fetch }: { fetch: AuthedFetch }) {
  const texts = useSignal<Text[] | null>(null);
  const error = useSignal<string | null>(null);
  const load = async () => {
    try {
      texts.value = await requestJson<Text[]>(fetch, "/api/staff/sms?limit=100");
      error.value = null;
    } catch (e) {
      error.value = describeError(e);
    }
  };
  useEffect(() => {
    document.title = "Texts · Console · Lanecast";
    void load();
  }, [fetch]);
  const list = texts.value;
  return (
    <section class="page">
      <header class="page-head page-head--row">
        <div>
          <h1 class="page-head__title">Texts</h1>
          <p class="page-head__lede">
            Phone codes, share links and money notifications sent by SMS, newest first. Without a
            Twilio account they are held here: this is the outbox.
          </p>
        </div>
        <button type="button" class="button" onClick={() => void load()}>Refresh</button>
      </header>
      {error.value && <p class="notice" role="alert">{error}</p>}
      {list?.length === 0 && <p class="muted">No texts yet.</p>}
      {list && list.length > 0 && (
        <div class="table-wrap panel">
          <table class="table texts">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">To</th>
                <th scope="col">Text</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {list.map((t) => (
                <tr key={t.id} data-kind={t.kind} data-state={t.state}>
                  <td>{formatTime(t.createdAt)}</td>
                  <td>{t.to}</td>
                  <td>
                    {t.body}
                    {t.mediaUrl && <span class="muted">{" "}+ picture</span>}
                  </td>
                  <td>
                    <span class="status-tag" data-status={t.state}>{t.state}</span>
                    {t.providerSid && <code class="muted">{" "}{t.providerSid}</code>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

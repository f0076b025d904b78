import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { type AuthedFetch, requestJson } from "../api.ts";
import { formatTime } from "./format.ts";

interface Mail {
  id: string;
  /** `signup_confirm` (the link that creates an account) or `signup_taken` (the notice). */
  kind: string;
  to: string;
  subject: string;
  body: string;
  /** queued, held (no SMTP server) or sent. */
  state: string;
  createdAt: string;
}

const KIND_WORDS: Record<string, string> = {
  signup_confirm: "Sign-up link",
  signup_taken: "Already has an account",
};

const STATE_WORDS: Record<string, string> = {
  queued: "Waiting to send",
  held: "Held here (no mail server)",
  sent: "Sent",
};

/**
 * The account mail the server sent or holds (admins only): without a mail
 * server (`SMTP_URL`) every mail is held here, and a sign-up link can be
 * followed from this page in development; a sent mail's link is blanked.
 */
export function MailPage({ fetch }: { fetch: AuthedFetch }) {
  const mail = useSignal<Mail[] | null>(null);
  const failed = useSignal(false);
  const load = async () => {
    try {
      mail.value = await requestJson<Mail[]>(fetch, "/api/staff/mail?limit=100");
      failed.value = false;
    } catch {
      failed.value = true;
    }
  };
  useEffect(() => {
    document.title = "Mail · Console · Lanecast";
    void load();
  }, [fetch]);
  const list = mail.value;
  return (
    <section class="page">
      <header class="page-head page-head--row">
        <div>
          <h1 class="page-head__title">Mail</h1>
          <p class="page-head__lede">
            Sign-up links and notices, newest first. Without a mail server they are held here and
            nowhere else: this is the outbox.
          </p>
        </div>
        <button type="button" class="button" onClick={() => void load()}>Refresh</button>
      </header>
      {failed.value && <p class="notice" role="alert">Could not load the mail. Try Refresh.</p>}
      {list?.length === 0 && <p class="muted">No mail yet.</p>}
      {list && list.length > 0 && (
        <ul class="mail-list">
          {list.map((m) => (
            <li key={m.id} class="mail-card panel" data-kind={m.kind} data-state={m.state}>
              <div class="mail-card__head">
                <strong class="mail-card__to">{m.to}</strong>
                <span class="status-tag" data-status={m.state}>
                  {STATE_WORDS[m.state] ?? m.state}
                </span>
              </div>
              <p class="mail-card__meta">
                {KIND_WORDS[m.kind] ?? m.kind} · {formatTime(m.createdAt)}
              </p>
              <details class="mail-card__details">
                <summary>{m.subject}</summary>
                <pre class="mail-card__body">{m.body}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

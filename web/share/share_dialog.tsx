import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { ShareApi } from "./share_api.ts";
import { ShareModel } from "./share_model.ts";

export interface ShareDialogProps {
  shotId: string;
  /** What the shot was, for the title ("Ball 2 of frame 5", "Strike"…). */
  label: string;
  api: Pick<ShareApi, "share" | "phone" | "sendCode" | "verifyCode" | "text">;
  onClose: () => void;
}

/**
 * Share a shot's clip: a link (a new one each time the dialog opens) with its
 * QR code for a phone to scan, a copy button, and sending it by text to the
 * viewer's own number once they have verified it with a texted code.
 */
export function ShareDialog({ shotId, label, api, onClose }: ShareDialogProps) {
  const model = useMemo(() => new ShareModel(shotId, api), [shotId, api]);
  useEffect(() => {
    void model.open();
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && onClose();
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [model]);
  const link = model.link.value;
  const copied = useSignal(false);

  return (
    <div class="modal" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <section
        class="modal__card share-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Share this shot"
      >
        <header class="modal__head">
          <h2>Share {label}</h2>
          <button type="button" class="button button--icon" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {model.error.value && <p class="form__error" role="alert">{model.error}</p>}
        {link
          ? (
            <div class="share-dialog__link">
              <img
                class="share-dialog__qr"
                data-testid="share-qr"
                alt="QR code of the share link"
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.qrSvg)}`}
              />
              <p class="share-dialog__hint">
                Scan with a phone to watch the clip, no account needed.
              </p>
              <div class="share-dialog__url">
                <input readOnly value={link.url} aria-label="Share link" data-testid="share-url" />
                <button
                  type="button"
                  class="button"
                  onClick={() => {
                    navigator.clipboard?.writeText(link.url).then(
                      () => copied.value = true,
                      () => {},
                    );
                  }}
                >
                  {copied.value ? "Copied" : "Copy"}
                </button>
              </div>
            </div>
          )
          : !model.error.value && <p class="share-dialog__hint">Making a link…</p>}
        {link && <SmsPart model={model} />}
      </section>
    </div>
  );
}

function SmsPart({ model }: { model: ShareModel }) {
  const phone = useSignal("");
  const code = useSignal("");
  const step = model.sms.value;
  const busy = model.busy.value;
  return (
    <div class="share-dialog__sms" data-step={step}>
      <h3>Send by SMS</h3>
      {step === "phone" && (
        <form
          class="share-dialog__row"
          onSubmit={(e) => {
            e.preventDefault();
            void model.sendCode(phone.value);
          }}
        >
          <input
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            placeholder="+1 555 123 4567"
            aria-label="Your phone number"
            value={phone.value}
            onInput={(e) => phone.value = e.currentTarget.value}
          />
          <button type="submit" class="button button--primary" disabled={busy || !phone.value}>
            Send code
          </button>
        </form>
      )}
      {step === "code" && (
        <form
          class="share-dialog__row"
          onSubmit={(e) => {
            e.preventDefault();
            void model.verify(code.value);
          }}
        >
          <input
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            placeholder="6-digit code"
            aria-label={`Code texted to ${model.phone.value?.phone ?? "your phone"}`}
            value={code.value}
            onInput={(e) => code.value = e.currentTarget.value}
          />
          <button
            type="submit"
            class="button button--primary"
            disabled={busy || code.value.length !== 6}
          >
            Verify
          </button>
        </form>
      )}
      {(step === "ready" || step === "sending") && (
        <div class="share-dialog__row">
          <span class="share-dialog__to">To {model.phone.value?.phone}</span>
          <button
            type="button"
            class="button button--primary"
            disabled={step === "sending"}
            onClick={() => void model.text()}
          >
            {step === "sending" ? "Sending…" : "Text me the link"}
          </button>
          <button type="button" class="link-button" onClick={() => model.changeNumber()}>
            Other number
          </button>
        </div>
      )}
      {step === "sent" && (
        <p class="share-dialog__sent" role="status">
          Sent to {model.sentTo}. The clip's picture comes along when it is ready.
        </p>
      )}
    </div>
  );
}

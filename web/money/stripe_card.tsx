import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { formatMoney } from "../betting/money.ts";
import type { DepositModel, DepositPhase } from "./deposit_model.ts";
import {
  loadStripeJs,
  type StripeClient,
  type StripeElements,
  stripeErrorText,
} from "./stripe_js.ts";

type CardPhase = Extract<DepositPhase, { step: "card" }>;

/** Stripe Elements' payment form for a started deposit, and the button that pays it. */
export function StripeCard(
  { model, phase, currency }: { model: DepositModel; phase: CardPhase; currency?: string },
) {
  const box = useRef<HTMLDivElement>(null);
  const client = useRef<{ stripe: StripeClient; elements: StripeElements } | null>(null);
  const ready = useSignal(false);
  const paying = useSignal(false);
  const { clientSecret, publishableKey } = phase.stripe;

  useEffect(() => {
    let gone = false;
    let destroy = () => {};
    loadStripeJs().then((Stripe) => {
      if (gone || !box.current) return;
      const stripe = Stripe(publishableKey);
      const elements = stripe.elements({ clientSecret, appearance: { theme: "night" } });
      const payment = elements.create("payment");
      payment.mount(box.current);
      destroy = () => payment.destroy();
      client.current = { stripe, elements };
      ready.value = true;
    }).catch(() =>
      model.cardFailed("The card form could not load. Try again, or choose another way to pay.")
    );
    return () => {
      gone = true;
      destroy();
    };
  }, [clientSecret, publishableKey]);

  async function pay(event: Event) {
    event.preventDefault();
    const c = client.current;
    if (!c) return;
    paying.value = true;
    model.error.value = null;
    const back = new URL(`/wallet?deposit=${encodeURIComponent(phase.deposit.id)}`, location.href);
    const result = await c.stripe.confirmPayment({
      elements: c.elements,
      redirect: "if_required",
      confirmParams: { return_url: back.href },
    });
    paying.value = false;
    if (result.error) model.cardFailed(stripeErrorText(result.error));
    else void model.paid(phase.deposit);
  }

  return (
    <form class="money-form" onSubmit={pay} aria-label="Card payment">
      <div ref={box} class="stripe-box" aria-busy={!ready.value} />
      {!ready.value && <span class="shimmer shimmer--line" aria-hidden="true" />}
      <div class="money-actions">
        <button
          type="submit"
          class="button button--primary"
          disabled={!ready.value || paying.value}
          data-testid="stripe-pay"
        >
          {paying.value ? "Paying…" : `Pay ${formatMoney(phase.deposit.amount, currency)}`}
        </button>
        <button type="button" class="button" onClick={() => model.reset()}>Cancel</button>
      </div>
    </form>
  );
}

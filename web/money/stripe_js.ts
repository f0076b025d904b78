/**
 * Stripe.js, loaded from Stripe's own address at run time and only when a
 * publishable key is set (Stripe requires it to come from there; it is not
 * bundled and not an npm dependency). The page's CSP allows it only then
 * (server/security_headers.ts). Only the few calls the deposit form makes
 * are typed here.
 */

export const STRIPE_JS_URL = "https://js.stripe.com/v3/";

export interface StripeElement {
  mount(el: HTMLElement): void;
  destroy(): void;
}

export interface StripeElements {
  create(kind: "payment", options?: Record<string, unknown>): StripeElement;
}

export interface StripeError {
  type: string;
  message?: string;
}

export interface StripeClient {
  elements(options: { clientSecret: string; appearance?: Record<string, unknown> }): StripeElements;
  confirmPayment(options: {
    elements: StripeElements;
    redirect: "if_required";
    confirmParams: { return_url: string };
  }): Promise<{ error?: StripeError; paymentIntent?: { id: string; status: string } }>;
}

export type StripeFactory = (publishableKey: string) => StripeClient;

let loading: Promise<StripeFactory> | undefined;

/** Adds Stripe.js's script once and resolves with its `Stripe` function. */
export function loadStripeJs(): Promise<StripeFactory> {
  const ready = (globalThis as { Stripe?: StripeFactory }).Stripe;
  if (ready) return Promise.resolve(ready);
  return loading ??= new Promise<StripeFactory>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = STRIPE_JS_URL;
    script.async = true;
    script.onload = () => {
      const stripe = (globalThis as { Stripe?: StripeFactory }).Stripe;
      if (stripe) resolve(stripe);
      else reject(new Error("Stripe.js loaded without Stripe"));
    };
    script.onerror = () => {
      loading = undefined;
      script.remove();
      reject(new Error("Stripe.js did not load"));
    };
    document.head.append(script);
  });
}

/** Stripe's own words are for card and form problems; anything else gets ours. */
export function stripeErrorText(error: StripeError): string | null {
  return (error.type === "card_error" || error.type === "validation_error") && error.message
    ? error.message
    : null;
}

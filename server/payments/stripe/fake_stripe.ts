/**
 * Test helper: a local, stateful Stripe speaking the parts of its REST API
 * the product uses, on the wire as Stripe does, so the official `stripe` SDK
 * talks to it through its documented `host`/`port`/`protocol` options:
 *
 * - `Authorization: Bearer <secret key>` checked on every request (401 and
 *   Stripe's error body otherwise); form-encoded bodies with bracketed paths;
 * - `Idempotency-Key`: the same key with the same parameters answers the
 *   first response again (`Idempotent-Replayed: true`), with other parameters
 *   400 `idempotency_error`;
 * - PaymentIntents: create, retrieve, list (newest first, `created[gte|gt|lte|lt]`,
 *   `limit`, `starting_after`, `has_more`); refunds: create against a
 *   `payment_intent` or `charge` (partial, `metadata`), list by either;
 * - errors as `{error: {type, code, message, param}}`.
 *
 * Tests move PaymentIntents with `succeed`/`fail`, open and close disputes,
 * and steer webhook delivery (see fake_webhooks.ts); every change emits the
 * event Stripe would (`payment_intent.succeeded`, `…payment_failed`,
 * `charge.refunded`, `refund.created`, `charge.dispute.created`, `…closed`).
 */
import { canonical, type FormObject, parseStripeForm } from "./fake_form.ts";
import { createFakeStore, missing, rand, StripeHttpError } from "./fake_stripe_store.ts";
import { createWebhookSender, type WebhookOptions } from "./fake_webhooks.ts";

export function startFakeStripe(
  o: Partial<Pick<WebhookOptions, "url" | "maxAttempts" | "backoffMs">> = {},
) {
  const secretKey = `sk_test_${rand(24)}`;
  const publishableKey = `pk_test_${rand(24)}`;
  const webhookSecret = `whsec_${rand(32)}`;
  const webhooks = createWebhookSender({ ...o, secret: webhookSecret });
  const store = createFakeStore(webhooks);
  const { intent, createIntent, createRefund, list, intents, refunds } = store;
  const idempotent = new Map<string, { request: string; status: number; body: string }>();
  /** Requests still to answer 500 (`failRequests`). */
  let failing = 0;

  function route(req: Request, url: URL, p: FormObject, idempotencyKey?: string): unknown {
    const path = url.pathname;
    const post = req.method === "POST";
    let m: RegExpMatchArray | null;
    if (path === "/v1/payment_intents") {
      return post ? createIntent(p) : list(url, [...intents.values()], path);
    }
    if ((m = path.match(/^\/v1\/payment_intents\/([^/]+)$/)) && !post) return intent(m[1]);
    if (path === "/v1/refunds") {
      if (post) return createRefund(p, idempotencyKey);
      const q = parseStripeForm(url.search.slice(1));
      return list(
        url,
        [...refunds.values()],
        path,
        (r) =>
          (q.payment_intent === undefined || r.payment_intent === q.payment_intent) &&
          (q.charge === undefined || r.charge === q.charge),
      );
    }
    if ((m = path.match(/^\/v1\/refunds\/([^/]+)$/)) && !post) {
      return refunds.get(m[1]) ?? (() => {
        throw missing("refund", m![1], "id");
      })();
    }
    throw new StripeHttpError(404, {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${req.method}: ${path}).`,
    });
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), {
        status,
        headers: {
          "content-type": "application/json",
          "request-id": `req_${rand(14)}`,
          ...headers,
        },
      });
    const auth = req.headers.get("authorization");
    if (!auth) {
      return json(401, {
        error: { type: "invalid_request_error", message: "You did not provide an API key." },
      });
    }
    if (auth !== `Bearer ${secretKey}`) {
      const key = auth.replace(/^Bearer /, "");
      return json(401, {
        error: {
          type: "invalid_request_error",
          message: `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`,
        },
      });
    }
    if (failing > 0) {
      failing--;
      return json(500, { error: { type: "api_error", message: "An unknown error occurred" } });
    }
    const text = req.method === "POST" ? await req.text() : "";
    const params = parseStripeForm(text);
    const key = req.method === "POST" ? req.headers.get("idempotency-key") ?? undefined : undefined;
    const request = `${req.method} ${url.pathname} ${canonical(params)}`;
    if (key) {
      const seen = idempotent.get(key);
      if (seen && seen.request !== request) {
        return json(400, {
          error: {
            type: "idempotency_error",
            message:
              "Keys for idempotent requests can only be used with the same parameters they " +
              `were first used with. Try using a key other than '${key}' if you meant to execute ` +
              "a different request.",
          },
        });
      }
      if (seen) {
        return new Response(seen.body, {
          status: seen.status,
          headers: { "content-type": "application/json", "idempotent-replayed": "true" },
        });
      }
    }
    let status = 200;
    let body: unknown;
    try {
      body = route(req, url, params, key);
    } catch (err) {
      if (!(err instanceof StripeHttpError)) throw err;
      status = err.status;
      body = { error: err.body };
    }
    if (key && status !== 404) idempotent.set(key, { request, status, body: JSON.stringify(body) });
    return json(status, body, key ? { "idempotency-key": key } : {});
  });

  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    ...store,
    url: base,
    /** The SDK's options that point it here. */
    sdkOptions: { host: "127.0.0.1", port: server.addr.port, protocol: "http" as const },
    secretKey,
    publishableKey,
    webhookSecret,
    webhooks,
    /** The next `n` requests answer 500 `api_error` (Stripe having trouble). */
    failRequests(n: number) {
      failing = n;
    },
    async close() {
      webhooks.close();
      await webhooks.settle();
      await server.shutdown();
    },
  };
}

export type FakeStripe = ReturnType<typeof startFakeStripe>;

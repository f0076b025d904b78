/** Test helper: PayPal's REST error bodies, as the fake PayPal answers them. */

const MESSAGES: Record<string, string> = {
  INVALID_REQUEST: "Request is not well-formed, syntactically incorrect, or violates schema.",
  RESOURCE_NOT_FOUND: "The specified resource does not exist.",
  UNPROCESSABLE_ENTITY:
    "The requested action could not be performed, semantically incorrect, or failed business validation.",
};

const ISSUES: Record<string, string> = {
  ORDER_NOT_APPROVED:
    "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.",
  ORDER_ALREADY_CAPTURED:
    "Order already captured. If 'intent=CAPTURE' only one capture per order is allowed.",
  INVALID_RESOURCE_ID:
    "Specified resource ID does not exist. Please check the resource ID and try again.",
  CAPTURE_FULLY_REFUNDED: "The capture has already been fully refunded",
  REFUND_AMOUNT_EXCEEDED:
    "The refund amount must be less than or equal to the capture amount that has not yet been refunded.",
  REFUND_CURRENCY_MISMATCH: "Refund must be in the same currency as the capture.",
  INVALID_PARAMETER_VALUE: "The value of a field is invalid.",
  MISSING_REQUIRED_PARAMETER: "A required field / parameter is missing.",
};

/** `{status, body}` of a PayPal error: `name`, `message`, `details[{issue, description}]`, `debug_id`, `links`. */
export function paypalError(status: number, name: string, issue: string, field?: string) {
  return {
    status,
    body: {
      name,
      message: MESSAGES[name] ?? name,
      debug_id: crypto.randomUUID().replaceAll("-", "").slice(0, 13),
      details: [{
        ...(field ? { field: `/${field}` } : {}),
        issue,
        description: ISSUES[issue] ?? issue,
      }],
      links: [{
        href: `https://developer.paypal.com/docs/api/orders/v2/#error-${issue}`,
        rel: "information_link",
        method: "GET",
      }],
    },
  };
}

/**
 * Test helper: Stripe's request encoding read back — form fields with
 * bracketed paths (`metadata[userId]=…`, `created[gte]=…`, `expand[0]=…`)
 * into nested objects and arrays, as the Stripe SDK writes them.
 */

export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

/** `a[b][0]=x` → `{a: {b: ["x"]}}`; a path's numeric parts make arrays. */
export function parseStripeForm(text: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.split("[").map((p, i) => (i === 0 ? p : p.replace(/\]$/, "")));
    // deno-lint-ignore no-explicit-any
    let node: any = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const name = part === "" && Array.isArray(node) ? node.length : part;
      if (last) {
        node[name] = value;
        return;
      }
      node[name] ??= /^\d*$/.test(parts[i + 1]) ? [] : {};
      node = node[name];
    });
  }
  return root;
}

/** A stable text of parsed params (keys sorted), to compare two requests' parameters. */
export function canonical(value: FormValue | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  return `{${
    Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")
  }}`;
}

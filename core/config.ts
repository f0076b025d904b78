/**
 * Config once: each process reads its environment into one typed, frozen,
 * validated object at start, fails fast with a clear message, and logs it with
 * secrets redacted.
 */
import { z } from "zod";

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses `env` with `schema`; unset and empty variables take the schema's defaults. */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined>,
): Readonly<z.infer<S>> {
  const clean: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== "") clean[key] = value.trim();
  }
  const result = schema.safeParse(clean);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return Object.freeze(result.data);
}

const SECRET = /(KEY|SECRET|PASSWORD|TOKEN)/;

/** The config as a printable object, with anything secret-looking redacted. */
export function redactConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (SECRET.test(k) && v !== undefined) out[k] = "[redacted]";
    else if (typeof v === "string" && /^[a-z]+:\/\/[^/]*:[^@/]*@/.test(v)) out[k] = v.replace(/:[^:@/]*@/, ":[redacted]@");
    else out[k] = v;
  }
  return out;
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
export const bool = (fallback: boolean) =>
  z.enum(["1", "0", "true", "false", "yes", "no"]).default(fallback ? "true" : "false")
    .transform((v) => v === "1" || v === "true" || v === "yes");

/**
 * Loads an ONNX model for the sidecar: reads the file, checks that its
 * inputs and outputs are the ones the caller expects, picks the execution
 * provider (CUDA where onnxruntime-node has it, else CPU) and names the model
 * by its file name and a sha256 prefix. Every failure is an Error at start
 * that names the file and what is wrong.
 */
import * as ort from "onnxruntime-node";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { readOnnxMetadata } from "./onnx_metadata.ts";

export type Provider = "cuda" | "cpu";

/** One expected tensor: its name and shape; null for a free dimension (batch). */
export interface TensorSpec {
  name: string;
  shape: readonly (number | null)[];
}

export interface ModelSpec {
  inputs: readonly TensorSpec[];
  outputs: readonly TensorSpec[];
}

export interface LoadedModel {
  session: ort.InferenceSession;
  /** e.g. "ball-cnn+sha256:1a2b3c4d5e6f". */
  version: string;
  provider: Provider;
  /** The model's metadata_props (string → string). */
  metadata: Record<string, string>;
  /** Actual shapes read from the file (symbolic dims as strings). */
  shapes: Record<string, readonly (number | string)[]>;
}

export interface LoadOptions {
  /** Providers to try in order; CUDA is skipped where its library is missing. */
  providers?: readonly Provider[];
  /** Threads per operator on CPU (0: onnxruntime decides). */
  threads?: number;
}

let cudaPresent: boolean | undefined;

/** True when onnxruntime-node ships the CUDA provider library on this machine. */
export function cudaAvailable(): boolean {
  if (cudaPresent !== undefined) return cudaPresent;
  try {
    const main = createRequire(import.meta.url).resolve("onnxruntime-node");
    const root = join(dirname(main), "..");
    const bin = join(
      root,
      "bin",
      "napi-v6",
      Deno.build.os,
      Deno.build.arch === "x86_64" ? "x64" : "arm64",
    );
    cudaPresent = existsSync(join(bin, "libonnxruntime_providers_cuda.so"));
  } catch {
    cudaPresent = false;
  }
  return cudaPresent;
}

function sameShape(want: readonly (number | null)[], got: readonly (number | string)[]): boolean {
  if (want.length !== got.length) return false;
  return want.every((w, i) => w === null || got[i] === w);
}

const fmt = (s: readonly (number | string | null)[]) => `[${s.map((d) => d ?? "N").join(",")}]`;

/** Opens `path` and checks it against `spec`. */
export async function loadModel(
  path: string,
  name: string,
  spec: ModelSpec,
  options: LoadOptions = {},
): Promise<LoadedModel> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "the file does not exist" : String(e);
    throw new Error(`Cannot load model "${path}": ${why}`);
  }
  if (bytes.length < 16) {
    throw new Error(`Cannot load model "${path}": the file is ${bytes.length} bytes long`);
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest.subarray(0, 6), (b) => b.toString(16).padStart(2, "0")).join("");
  let metadata: Record<string, string>;
  try {
    metadata = readOnnxMetadata(bytes);
  } catch (e) {
    throw new Error(`Cannot load model "${path}": not an ONNX model (${(e as Error).message})`);
  }
  const wanted = options.providers ?? ["cuda", "cpu"];
  const providers = wanted.filter((p) => p !== "cuda" || cudaAvailable());
  if (providers.length === 0) {
    throw new Error(
      `Cannot load model "${path}": no usable execution provider in "${wanted.join(",")}"`,
    );
  }
  let session: ort.InferenceSession | undefined;
  let provider: Provider = "cpu";
  let lastError = "";
  for (const p of providers) {
    try {
      session = await ort.InferenceSession.create(bytes, {
        executionProviders: [p],
        graphOptimizationLevel: "all",
        intraOpNumThreads: options.threads ?? 1,
        interOpNumThreads: 1,
      });
      provider = p;
      break;
    } catch (e) {
      lastError = (e as Error).message.split("\n")[0];
    }
  }
  if (!session) {
    throw new Error(`Cannot load model "${path}": onnxruntime rejects it (${lastError})`);
  }
  const shapes: Record<string, readonly (number | string)[]> = {};
  const check = (
    kind: string,
    meta: readonly ort.InferenceSession.ValueMetadata[],
    specs: readonly TensorSpec[],
  ) => {
    for (const t of specs) {
      const m = meta.find((x) => x.name === t.name);
      if (!m) {
        throw new Error(
          `Cannot load model "${path}": it has no ${kind} "${t.name}" (it has "${
            meta.map((x) => x.name).join('", "')
          }")`,
        );
      }
      if (!m.isTensor || m.type !== "float32") {
        throw new Error(`Cannot load model "${path}": ${kind} "${t.name}" is not a float32 tensor`);
      }
      if (!sameShape(t.shape, m.shape)) {
        throw new Error(
          `Cannot load model "${path}": ${kind} "${t.name}" has shape ${fmt(m.shape)}, expected ${
            fmt(t.shape)
          }`,
        );
      }
      shapes[t.name] = m.shape;
    }
  };
  check("input", session.inputMetadata, spec.inputs);
  check("output", session.outputMetadata, spec.outputs);
  return { session, version: `${name}+sha256:${hex}`, provider, metadata, shapes };
}

/**
 * Where clip files live: a local folder (the default) or an S3 bucket
 * (server/clips/s3_store.ts). Both take flat names the job chooses
 * (`{clipId}.webm`, `{clipId}.jpg`: {@linkcode isClipName}), overwrite on a
 * second put (so a job re-run after a crash leaves no orphans) and hand out
 * signed URLs that expire. A local store's URLs point at
 * `GET /media/clips/{name}?exp=&sig=` (server/routes/media.ts), signed with
 * HMAC-SHA256 (server/clips/url_signer.ts).
 * @module
 */
import type { UrlSigner } from "./url_signer.ts";

export interface ClipStore {
  readonly kind: "local" | "s3";
  /** Stores (or replaces) a file; complete or absent, never partly written. */
  put(name: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Removes a file; removing one that is gone is no error. */
  delete(name: string): Promise<void>;
  /** An address that serves the file for `ttlS` seconds from now. */
  signedUrl(name: string, ttlS: number): Promise<string>;
  /** Lets go of connections (S3). */
  close?(): void;
}

/** A local store also serves its files (the media route). */
export interface LocalClipStore extends ClipStore {
  readonly kind: "local";
  readonly signer: UrlSigner;
  /** The file's path, or null when there is none. */
  pathOf(name: string): Promise<{ path: string; size: number } | null>;
}

const CLIP_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(webm|mp4|jpg)$/;

/** True for a name the job gives a clip file (a uuid and an extension: nothing that leaves the folder). */
export function isClipName(name: string): boolean {
  return CLIP_NAME.test(name);
}

/** Content type of a stored clip file, by its extension. */
export function contentTypeOf(name: string): string {
  if (name.endsWith(".webm")) return "video/webm";
  if (name.endsWith(".mp4")) return "video/mp4";
  return "image/jpeg";
}

function checkName(name: string): void {
  if (!isClipName(name)) throw new Error(`Not a clip file name: "${name.slice(0, 80)}"`);
}

export interface LocalStoreOptions {
  /** The folder (made on first put). */
  dir: string;
  signer: UrlSigner;
  /** Prefix of the media route's URLs, e.g. PUBLIC_URL; empty gives a path on this site. */
  baseUrl?: string;
  now?: () => number;
}

/** Clips in a local folder, written atomically (a temporary file renamed into place). */
export function createLocalStore(options: LocalStoreOptions): LocalClipStore {
  const { dir, signer, baseUrl = "", now = Date.now } = options;
  return {
    kind: "local",
    signer,
    async put(name, bytes) {
      checkName(name);
      await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
      const tmp = `${dir}/.${name}.${crypto.randomUUID()}.tmp`;
      await Deno.writeFile(tmp, bytes, { mode: 0o600 });
      await Deno.rename(tmp, `${dir}/${name}`);
    },
    async delete(name) {
      checkName(name);
      await Deno.remove(`${dir}/${name}`).catch((err) => {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      });
    },
    async signedUrl(name, ttlS) {
      checkName(name);
      const exp = Math.floor(now() / 1000) + ttlS;
      const sig = await signer.sign(name, exp);
      return `${baseUrl.replace(/\/$/, "")}/media/clips/${name}?exp=${exp}&sig=${sig}`;
    },
    async pathOf(name) {
      if (!isClipName(name)) return null;
      const path = `${dir}/${name}`;
      try {
        const info = await Deno.stat(path);
        return info.isFile ? { path, size: info.size } : null;
      } catch (err) {
        if (err instanceof Deno.errors.NotFound) return null;
        throw err;
      }
    },
  };
}

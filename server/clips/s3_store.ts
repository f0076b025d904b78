/**
 * Clips in an S3 bucket (or any S3-compatible store) through the official
 * SDK: objects under `clips/`, served by presigned GET URLs that expire (S3
 * answers range requests itself). Credentials come from the SDK's default
 * chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, instance roles)
 * unless given.
 * @module
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { type ClipStore, isClipName } from "./store.ts";

export interface S3StoreOptions {
  bucket: string;
  region: string;
  /** Address of an S3-compatible store; unset means AWS. */
  endpoint?: string;
  /** Bucket in the path (`endpoint/bucket/key`) rather than the host name. */
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Folder of the clips in the bucket. Default: "clips/". */
  prefix?: string;
}

export interface S3ClipStore extends ClipStore {
  readonly kind: "s3";
  /** The object key of a clip file. */
  keyOf(name: string): string;
  close(): void;
}

export function createS3Store(options: S3StoreOptions): S3ClipStore {
  const { bucket, prefix = "clips/" } = options;
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: options.credentials,
  });
  const keyOf = (name: string) => {
    if (!isClipName(name)) throw new Error(`Not a clip file name: "${name.slice(0, 80)}"`);
    return `${prefix}${name}`;
  };
  return {
    kind: "s3",
    keyOf,
    async put(name, bytes, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: keyOf(name),
          Body: bytes,
          ContentType: contentType,
        }),
      );
    },
    async delete(name) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(name) }));
    },
    async signedUrl(name, ttlS) {
      return await getSignedUrl(
        client,
        new GetObjectCommand({ Bucket: bucket, Key: keyOf(name) }),
        {
          expiresIn: ttlS,
        },
      );
    },
    close() {
      client.destroy();
    },
  };
}

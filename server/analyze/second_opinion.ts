/**
 * The second opinion the configuration asks for: Rekognition through the
 * official SDKs when `REKOGNITION` is on (S3 for the upload, Rekognition for
 * the labels; credentials from the AWS SDK's default chain), else none.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { RekognitionClient } from "@aws-sdk/client-rekognition";
import type { ServerConfig } from "../config.ts";
import { createRekognitionOpinion, type RekognitionOpinion } from "./rekognition.ts";

export function secondOpinionOf(
  config: Readonly<ServerConfig>,
  env: { get(name: string): string | undefined } = Deno.env,
): RekognitionOpinion | null {
  if (!config.REKOGNITION) return null;
  const bucket = config.REKOGNITION_BUCKET ?? config.S3_BUCKET!;
  const region = config.REKOGNITION_REGION ?? env.get("AWS_REGION") ?? config.S3_REGION;
  const s3 = new S3Client({
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
  const rekognition = new RekognitionClient({ region, endpoint: config.REKOGNITION_ENDPOINT });
  return createRekognitionOpinion({
    s3,
    rekognition,
    bucket,
    minConfidence: config.REKOGNITION_MIN_CONFIDENCE,
  });
}

import type * as S3 from "@aws-sdk/client-s3";
import { IMMUTABLE_CACHE_CONTROL, isStorageKey, type ImageStorage } from "./storage";

export interface S3StorageOptions {
  bucket: string;
  /** Region of the bucket ("auto" for some S3-compatible services). */
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** An S3-compatible service's address (MinIO, R2, Spaces...); unset: AWS S3 itself. */
  endpoint?: string;
  /** Bucket in the path (http://host/bucket/key) rather than in the host name; most S3-compatible services need it. */
  forcePathStyle?: boolean;
  /** Base URL the files are public under (the bucket's website, a CDN): URLs are `${publicUrl}/${key}`. */
  publicUrl: string;
  /** Attempts per call (the SDK retries 5xx and network errors with backoff). */
  maxAttempts?: number;
}

/**
 * The SDK is loaded on first use: only a shop that stores images in S3 pays for loading it (and hears its
 * start-up warnings); every process imports @shop/core.
 */
let sdk: Promise<typeof S3> | undefined;
const loadSdk = () => (sdk ??= import("@aws-sdk/client-s3"));

/**
 * Files in an S3-compatible bucket, uploaded with their content-type and a year of immutable caching. The bucket
 * (or the CDN in front of it) serves them; the shop only writes and deletes.
 */
export function createS3ImageStorage(options: S3StorageOptions): ImageStorage {
  let client: Promise<S3.S3Client> | undefined;
  const connect = () =>
    (client ??= loadSdk().then(
      ({ S3Client }) =>
        new S3Client({
          region: options.region,
          endpoint: options.endpoint,
          forcePathStyle: options.forcePathStyle ?? false,
          credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
          maxAttempts: options.maxAttempts ?? 3,
          // Checksums only where S3 requires them: several S3-compatible services refuse the SDK's newer default
          // (a CRC32 on every upload).
          requestChecksumCalculation: "WHEN_REQUIRED",
          responseChecksumValidation: "WHEN_REQUIRED",
        }),
    ));
  const base = options.publicUrl.replace(/\/+$/, "");
  const checked = (key: string) => {
    if (!isStorageKey(key)) throw new Error(`Invalid storage key ${JSON.stringify(key)}`);
    return key;
  };
  return {
    kind: "s3",
    async put(key, bytes, contentType) {
      const [{ PutObjectCommand }, s3] = await Promise.all([loadSdk(), connect()]);
      await s3.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: checked(key),
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.byteLength,
          CacheControl: IMMUTABLE_CACHE_CONTROL,
        }),
      );
    },
    async delete(key) {
      const [{ DeleteObjectCommand }, s3] = await Promise.all([loadSdk(), connect()]);
      // S3 answers 204 for a key that does not exist: deleting twice is fine.
      await s3.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: checked(key) }));
    },
    urlFor: (key) => `${base}/${key}`,
  };
}

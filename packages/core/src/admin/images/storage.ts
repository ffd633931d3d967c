/**
 * Where uploaded image files live: local disk under the data folder by default, S3-compatible storage when
 * configured. Keys are relative paths ("products/<id>/<image>-800.webp"); urlFor gives the URL the shop shows.
 */
export interface ImageStorage {
  /** "local" or "s3", for logs and the admin's health of things. */
  readonly kind: string;
  /** Stores the bytes under the key, replacing nothing (keys are unique); throws when they could not be stored. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Removes the key's file; a key that is already gone is not an error. */
  delete(key: string): Promise<void>;
  urlFor(key: string): string;
}

/** Stored files never change (their keys carry a unique id), so browsers and CDNs may keep them for a year. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/**
 * What a key may be: path segments of letters, digits, "-", "_" and ".", none starting with a dot (so no "..", no
 * hidden files), joined by "/". Keys are made by the service; this also guards what /media/<key> serves.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

export function isStorageKey(key: string): boolean {
  if (key.length === 0 || key.length > 300) return false;
  return key.split("/").every((segment) => SEGMENT.test(segment));
}

/** The content-type of a stored file, by its extension (only what the service writes). */
export function contentTypeOfKey(key: string): string | null {
  const ext = key.slice(key.lastIndexOf(".") + 1).toLowerCase();
  return ({ webp: "image/webp", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", gif: "image/gif", avif: "image/avif" } as Record<string, string>)[ext] ?? null;
}

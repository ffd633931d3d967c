/**
 * Where uploaded image files live: local disk under the data folder by default, S3-compatible storage when
 * configured. Keys are relative paths ("products/<id>/<image>-800.webp"); urlFor gives the URL the shop shows.
 */
export interface ImageStorage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  delete(key: string): Promise<void>;
  urlFor(key: string): string;
}

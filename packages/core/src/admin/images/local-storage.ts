import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { contentTypeOfKey, IMMUTABLE_CACHE_CONTROL, isStorageKey, type ImageStorage } from "./storage";

export interface LocalStorageOptions {
  /** Absolute folder the files go to (MEDIA_DIR, by default <data dir>/media). */
  dir: string;
  /** The URL path they are served under (the web app's /media route). */
  publicPath?: string;
}

function fileOf(dir: string, key: string): string {
  if (!isStorageKey(key)) throw new Error(`Invalid storage key ${JSON.stringify(key)}`);
  const file = path.resolve(dir, key);
  // isStorageKey already rules out "..": this is the second lock on the same door.
  if (!file.startsWith(path.resolve(dir) + path.sep)) throw new Error(`Storage key ${JSON.stringify(key)} leaves the media folder`);
  return file;
}

/**
 * Files on local disk. A put writes a temporary file, flushes it and renames it into place, so a crash never
 * leaves half a file under a key that is served. Fine for one server (or a shared volume); with several machines,
 * configure S3-compatible storage instead.
 */
export function createLocalImageStorage(options: LocalStorageOptions): ImageStorage {
  const dir = path.resolve(options.dir);
  const publicPath = (options.publicPath ?? "/media").replace(/\/$/, "");
  return {
    kind: "local",
    async put(key, bytes) {
      const file = fileOf(dir, key);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        const handle = await open(temp, "wx");
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
    async delete(key) {
      await rm(fileOf(dir, key), { force: true });
    },
    urlFor: (key) => `${publicPath}/${key}`,
  };
}

export interface MediaFile {
  bytes: Uint8Array;
  contentType: string;
  cacheControl: string;
}

/**
 * A stored file for the /media/<key> route, or null (unknown key, or a path that is not a key: "..", "%2e%2e",
 * backslashes, hidden files, anything outside `dir`). Symlinks inside the folder are not followed out of it.
 */
export async function readMediaFile(dir: string, segments: readonly string[]): Promise<MediaFile | null> {
  const key = segments.join("/");
  if (!isStorageKey(key)) return null;
  const contentType = contentTypeOfKey(key);
  if (!contentType) return null;
  const root = path.resolve(dir);
  const file = path.resolve(root, key);
  if (!file.startsWith(root + path.sep)) return null;
  try {
    const real = await realpath(file);
    if (!real.startsWith((await realpath(root)) + path.sep)) return null;
    const info = await stat(real);
    if (!info.isFile()) return null;
    const bytes = await readFile(real);
    return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType, cacheControl: IMMUTABLE_CACHE_CONTROL };
  } catch {
    return null;
  }
}

/** The /media/<key> answer: the file with its type and a year of caching, or a 404. HEAD is the same without a body. */
export async function mediaResponse(dir: string, segments: readonly string[], method = "GET"): Promise<Response> {
  const found = await readMediaFile(dir, segments);
  if (!found) {
    return Response.json({ code: "NOT_FOUND", message: "No such file" }, { status: 404, headers: { "cache-control": "no-store" } });
  }
  const headers = {
    "content-type": found.contentType,
    "content-length": String(found.bytes.byteLength),
    "cache-control": found.cacheControl,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'",
  };
  return new Response(method === "HEAD" ? null : new Blob([found.bytes as Uint8Array<ArrayBuffer>]), { headers });
}

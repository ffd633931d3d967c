/**
 * A local HTTP stub of the S3 calls the shop makes (PutObject, DeleteObject, and GetObject/HeadObject to read what
 * was stored), path-style: http://127.0.0.1:<port>/<bucket>/<key>. The official SDK is pointed at it (S3_ENDPOINT,
 * S3_FORCE_PATH_STYLE=true). Every request is recorded; with `requireSignature` a request without a SigV4
 * Authorization header is refused as S3 would (403 AccessDenied). `failPut` / `failDelete` make chosen calls fail
 * (500 InternalError, which the SDK retries and then gives up on).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface S3StubObject {
  bytes: Buffer;
  contentType: string | undefined;
  cacheControl: string | undefined;
}

export interface S3StubCall {
  method: string;
  bucket: string;
  key: string;
  /** The Authorization header as sent (AWS4-HMAC-SHA256 Credential=... for a signed request). */
  authorization: string | undefined;
  contentType: string | undefined;
  cacheControl: string | undefined;
  status: number;
}

export interface S3StubOptions {
  /** Only this bucket exists (others answer NoSuchBucket). */
  bucket: string;
  /** Refuse requests without an AWS SigV4 Authorization header (the signature itself is not verified). */
  requireSignature?: boolean;
}

export interface S3Stub {
  /** The endpoint, e.g. http://127.0.0.1:40123 (S3_ENDPOINT). */
  url: string;
  bucket: string;
  /** What is stored, by key. */
  objects: Map<string, S3StubObject>;
  calls: S3StubCall[];
  /** Return true to make the PUT of that key fail with 500 InternalError (reset it with null). */
  failPut: ((key: string) => boolean) | null;
  /** The same for DELETE. */
  failDelete: ((key: string) => boolean) | null;
  close(): Promise<void>;
}

const readBytes = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

const xmlError = (res: ServerResponse, status: number, code: string, message: string) => {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
};

export async function startS3Stub(options: S3StubOptions): Promise<S3Stub> {
  const objects = new Map<string, S3StubObject>();
  const calls: S3StubCall[] = [];

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stub");
    const [, bucket = "", ...rest] = url.pathname.split("/");
    const key = rest.map(decodeURIComponent).join("/");
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const body = await readBytes(req);
    const call: S3StubCall = {
      method: req.method ?? "GET",
      bucket,
      key,
      authorization: header("authorization"),
      contentType: header("content-type"),
      cacheControl: header("cache-control"),
      status: 0,
    };
    calls.push(call);
    const answer = (status: number, code?: string, message?: string) => {
      call.status = status;
      if (code) return xmlError(res, status, code, message ?? code);
    };
    if (options.requireSignature && !/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/s3\/aws4_request/.test(call.authorization ?? "")) {
      return answer(403, "AccessDenied", "Missing or malformed SigV4 Authorization header");
    }
    if (bucket !== options.bucket) return answer(404, "NoSuchBucket", "The specified bucket does not exist");
    if (!key) return answer(400, "InvalidRequest", "This stub serves objects only");

    switch (req.method) {
      case "PUT": {
        if (stub.failPut?.(key)) return answer(500, "InternalError", "We encountered an internal error. Please try again.");
        objects.set(key, { bytes: body, contentType: call.contentType, cacheControl: call.cacheControl });
        call.status = 200;
        res.writeHead(200, { etag: `"${body.length.toString(16)}"` });
        return res.end();
      }
      case "DELETE":
        if (stub.failDelete?.(key)) return answer(500, "InternalError", "We encountered an internal error. Please try again.");
        objects.delete(key);
        call.status = 204;
        res.writeHead(204);
        return res.end();
      case "GET":
      case "HEAD": {
        const object = objects.get(key);
        if (!object) return answer(404, "NoSuchKey", "The specified key does not exist.");
        call.status = 200;
        res.writeHead(200, {
          "content-type": object.contentType ?? "application/octet-stream",
          "content-length": String(object.bytes.length),
          ...(object.cacheControl ? { "cache-control": object.cacheControl } : {}),
        });
        return res.end(req.method === "HEAD" ? undefined : object.bytes);
      }
      default:
        return answer(405, "MethodNotAllowed", `${req.method} is not supported by this stub`);
    }
  });

  const stub: S3Stub = {
    url: "",
    bucket: options.bucket,
    objects,
    calls,
    failPut: null,
    failDelete: null,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The SDK keeps its connections alive; close() alone would wait for them.
        server.closeAllConnections();
      }),
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}

/**
 * The one request-body limit of /api/v1 and /api/trpc (MAX_BODY_BYTES): refused by Content-Length when declared,
 * else after reading at most that many bytes, so an oversized body is never buffered whole.
 */
export type LimitedBody = { ok: true; request: Request } | { ok: false; maxBytes: number };

export async function limitBody(request: Request, maxBytes: number): Promise<LimitedBody> {
  if (!request.body) return { ok: true, request };
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) return { ok: false, maxBytes };
  if (Number.isFinite(declared)) return { ok: true, request };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { ok: false, maxBytes };
    }
    chunks.push(value);
  }
  return { ok: true, request: new Request(request.url, { method: request.method, headers: request.headers, body: Buffer.concat(chunks) }) };
}

export const tooLargeMessage = (maxBytes: number) => `Request body exceeds ${maxBytes} bytes`;

import { mediaResponse } from "@shop/core";
import { env } from "@shop/server";

/**
 * Uploaded images kept on local disk (MEDIA_DIR): /media/products/<product>/<image>-800.webp. Keys carry a unique
 * id, so answers are cached for a year; anything that is not a stored key (.., encoded slashes, hidden files,
 * links out of the folder) is a 404. Files in S3-compatible storage are served by the bucket or its CDN instead.
 */
async function serve(request: Request, { params }: { params: Promise<{ key: string[] }> }): Promise<Response> {
  const { key } = await params;
  return mediaResponse(env().MEDIA_DIR, key, request.method);
}

export const GET = serve;
export const HEAD = serve;

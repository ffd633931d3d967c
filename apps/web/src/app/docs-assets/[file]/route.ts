import { readDocsAsset, swaggerInitScript } from "@shop/docs-ui";

const SPEC_URL = "/api/v1/openapi.json";

/** Swagger UI / ReDoc files straight from the installed packages (plus Swagger's start-up script). */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await params;
  if (file === "swagger-init.js") {
    return new Response(swaggerInitScript({ specUrl: SPEC_URL }), {
      headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=300" },
    });
  }
  const asset = await readDocsAsset(file);
  if (!asset) {
    return Response.json({ code: "NOT_FOUND", message: `No docs asset named ${file}` }, { status: 404 });
  }
  return new Response(new Uint8Array(asset.body), {
    headers: { "content-type": asset.contentType, "cache-control": "public, max-age=86400" },
  });
}

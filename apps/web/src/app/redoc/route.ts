import { redocPage } from "@shop/docs-ui";

export function GET(): Response {
  return new Response(redocPage({ specUrl: "/api/v1/openapi.json", assetsBase: "/docs-assets" }), {
    headers: { "content-type": "text/html; charset=utf-8" },
  });
}

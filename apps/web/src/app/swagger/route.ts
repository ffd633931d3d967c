import { swaggerPage } from "@shop/docs-ui";

export function GET(): Response {
  return new Response(swaggerPage({ assetsBase: "/docs-assets" }), {
    headers: { "content-type": "text/html; charset=utf-8" },
  });
}

import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { createCaller, createInnerContext } from "@shop/api";
import { deps } from "@shop/server";

/**
 * Server components call procedures directly (no HTTP round trip) with the visitor's cookies, through the very
 * same router and middlewares as /api/trpc. One caller per request.
 */
export const serverApi = cache(async () => {
  const h = await headers();
  await cookies(); // marks the page dynamic: it depends on who is asking
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  const ctx = createInnerContext(deps(), { headers: new Headers(h), url: new URL(`${proto}://${host}/`), cookieAuth: true });
  return createCaller(ctx);
});

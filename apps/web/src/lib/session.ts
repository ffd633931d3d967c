import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { serverApi } from "../trpc/server";

/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeNext(next: string | string[] | undefined, fallback = "/"): string {
  const value = Array.isArray(next) ? next[0] : next;
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : fallback;
}

/** Once per request: the header and the page both ask. */
export const currentUser = cache(async () => {
  const api = await serverApi();
  return (await api.session.me()).user;
});

/** For protected pages: the signed-in user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(path: string) {
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(path)}`);
  return user;
}

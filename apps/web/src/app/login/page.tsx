import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser, safeNext } from "../../lib/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  if (await currentUser()) redirect(next);
  return (
    <main>
      <h1>Sign in</h1>
      <LoginForm next={next} />
    </main>
  );
}

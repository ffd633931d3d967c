import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not allowed" };

/** Rendered by forbidden() with HTTP 403: signed in, but this account may not open the page. */
export default function Forbidden() {
  return (
    <main>
      <div className="not-found panel">
        <p className="big-code" aria-hidden="true">
          403
        </p>
        <h1>Administrators only</h1>
        <p className="muted">You are signed in, but your account cannot open this page.</p>
        <p>
          <Link href="/">Back to the shop</Link>
        </p>
      </div>
    </main>
  );
}

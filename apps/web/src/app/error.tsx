"use client";
import Link from "next/link";
import { useEffect } from "react";

/** An unexpected failure while rendering a page (the API's message for expected errors is shown in place). */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main>
      <div className="panel stack">
        <h1>Something went wrong</h1>
        <p className="alert" role="alert">
          We could not load this page. Please try again in a moment.
          {error.digest && <span className="muted small"> (reference {error.digest})</span>}
        </p>
        <p className="row">
          <button type="button" onClick={() => reset()}>
            Try again
          </button>
          <Link href="/">Back to the shop</Link>
        </p>
      </div>
    </main>
  );
}

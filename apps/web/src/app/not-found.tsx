import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main>
      <div className="not-found panel">
        <p className="big-code" aria-hidden="true">
          404
        </p>
        <h1>Page not found</h1>
        <p className="muted">There is nothing at this address. The product or order may have been removed, or the link is mistyped.</p>
        <form method="get" action="/" className="search-row" role="search" aria-label="Search the catalog">
          <label className="grow">
            Search the catalog
            <input type="search" name="q" maxLength={200} />
          </label>
          <button type="submit">Search</button>
        </form>
        <p>
          <Link href="/">Back to the shop</Link>
        </p>
      </div>
    </main>
  );
}

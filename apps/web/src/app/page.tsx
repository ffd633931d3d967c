import Link from "next/link";

export const dynamic = "force-static";

export default function HomePage() {
  return (
    <main>
      <h1>Shop</h1>
      <p className="muted">The shop&apos;s API is running. The storefront pages arrive on top of it.</p>
      <ul className="cards">
        <li>
          <h2>REST API</h2>
          <p>
            Served under <code>/api/v1</code>. Browse it in <Link href="/swagger">Swagger UI</Link> or{" "}
            <Link href="/redoc">ReDoc</Link>; the machine-readable document is{" "}
            <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
          </p>
        </li>
        <li>
          <h2>tRPC</h2>
          <p>
            TypeScript apps call the same router type-safely at <code>/api/trpc</code>.
          </p>
        </li>
        <li>
          <h2>Health</h2>
          <p>
            <a href="/api/v1/health">/api/v1/health</a> reports database and Redis reachability.
          </p>
        </li>
      </ul>
    </main>
  );
}

/**
 * Shown while a page's data loads. Only for pages that never answer 404 or redirect: behind a loading boundary the
 * response is already streaming (status 200) when notFound() or redirect() runs.
 */
export function PageLoading() {
  return (
    <main className="wide">
      <div className="loading" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        Loading…
      </div>
    </main>
  );
}

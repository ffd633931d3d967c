/** Runs once when the server process starts (Next.js instrumentation hook, before the first request). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // server.mjs serves /api/v1 through these hooks, straight from node:http.
    const { registerServerHooks } = await import("./server/rest");
    registerServerHooks();
  }
}

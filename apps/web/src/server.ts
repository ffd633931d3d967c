/**
 * The web app's server, in development and production alike: `node dist/server.js [--dev] [-p PORT] [-H HOST]`
 * (built from this file by `npm run build`; `npm run dev` runs this file itself through tsx; PORT and HOSTNAME
 * work too). @shop/server answers /api/v1 itself and hands every other request to Next.js (hot-reloading with
 * --dev, the production build otherwise).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" }, dev: { type: "boolean" } },
});
const dev = args.dev === true;
// Before Next.js and the app load: both read NODE_ENV when they are imported.
(process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? "development" : "production";

const { default: next } = await import("next");
const { env, logger, startWebServer } = await import("@shop/server");

let e: ReturnType<typeof env>;
try {
  e = env();
} catch (error) {
  logger.fatal((error as Error).message);
  process.exit(1);
}
const port = args.port === undefined ? e.PORT : Number(args.port);
const hostname = args.hostname ?? e.HOSTNAME;
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

await startWebServer({
  port,
  hostname,
  async prepareNext() {
    // webpack, as `next build --webpack`: it keeps the internal packages external (next.config.ts).
    const app = next({ dir, dev, webpack: true, hostname: hostname ?? "localhost", port });
    await app.prepare();
    return app.getRequestHandler();
  },
});

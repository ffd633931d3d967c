// Swagger UI and ReDoc served from node_modules: the pages work on a machine with no internet access.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

// Resolved at run time by Node, never by a bundler: Next compiles this package into its server output, where
// import.meta.url no longer points here, so the package is also looked up from the working directory (the
// web app's folder under `next start`). Specifiers are assembled at run time so bundlers leave them alone.
/** @param {string[]} parts */
const spec = (parts) => parts.join("/");

/** @returns {NodeJS.Require} a require() rooted in this package's folder */
function packageRequire() {
  const bases = [import.meta.url, path.join(process.cwd(), "package.json"), path.join(process.cwd(), "apps/web/package.json")];
  for (const base of bases) {
    try {
      const probe = createRequire(base);
      probe.resolve(spec(["swagger-ui-dist", "package.json"]));
      return probe;
    } catch {
      try {
        const own = createRequire(base).resolve(spec(["@shop", "docs-ui", "package.json"]));
        return createRequire(own);
      } catch {
        // try the next base
      }
    }
  }
  throw new Error("@shop/docs-ui: cannot locate swagger-ui-dist and redoc from " + process.cwd());
}

/** @type {Record<string, [string, string]> | undefined} */
let assets;

/** The only files served: name -> [absolute path, content type]. Anything else is a 404.
 * @returns {Record<string, [string, string]>} */
function assetTable() {
  if (assets) return assets;
  const req = packageRequire();
  const swaggerDir = path.dirname(req.resolve(spec(["swagger-ui-dist", "package.json"])));
  const redocBundle = req.resolve(spec(["redoc", "bundles", "redoc.standalone.js"]));
  assets = {
    "swagger-ui.css": [path.join(swaggerDir, "swagger-ui.css"), "text/css; charset=utf-8"],
    "swagger-ui-bundle.js": [path.join(swaggerDir, "swagger-ui-bundle.js"), "text/javascript; charset=utf-8"],
    "swagger-ui-standalone-preset.js": [
      path.join(swaggerDir, "swagger-ui-standalone-preset.js"),
      "text/javascript; charset=utf-8",
    ],
    "favicon-32x32.png": [path.join(swaggerDir, "favicon-32x32.png"), "image/png"],
    "redoc.standalone.js": [redocBundle, "text/javascript; charset=utf-8"],
  };
  return assets;
}

export const ASSET_NAMES = ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png", "redoc.standalone.js"];

/** @type {Map<string, Buffer>} */
const cache = new Map();

/** @param {string} name */
export async function readDocsAsset(name) {
  if (!ASSET_NAMES.includes(name)) return null;
  const entry = assetTable()[name];
  if (!entry) return null;
  let body = cache.get(name);
  if (!body) {
    body = await readFile(entry[0]);
    cache.set(name, body);
  }
  return { body, contentType: entry[1] };
}

/** @param {string} value */
const escapeHtml = (value) =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The HTML document both pages share; `head` and `body` are trusted markup, `title` is escaped.
 * @param {string} title
 * @param {string} head
 * @param {string} body
 */
const htmlPage = (title, head, body) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}
</head>
<body>
${body}
</body>
</html>
`;

/**
 * @param {{ assetsBase: string, title?: string }} options
 */
export function swaggerPage({ assetsBase, title = "Shop API — Swagger UI" }) {
  return htmlPage(
    title,
    `<link rel="icon" type="image/png" href="${assetsBase}/favicon-32x32.png">
<link rel="stylesheet" href="${assetsBase}/swagger-ui.css">`,
    `<div id="swagger-ui"></div>
<script src="${assetsBase}/swagger-ui-bundle.js"></script>
<script src="${assetsBase}/swagger-ui-standalone-preset.js"></script>
<script src="${assetsBase}/swagger-init.js"></script>`,
  );
}

/**
 * The page's start-up script, served as a file so a strict CSP (no inline scripts) can apply.
 * @param {{ specUrl: string }} options
 */
export function swaggerInitScript({ specUrl }) {
  return `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(specUrl)},
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
    validatorUrl: null
  });
});
`;
}

/**
 * @param {{ specUrl: string, assetsBase: string, title?: string }} options
 */
export function redocPage({ specUrl, assetsBase, title = "Shop API — ReDoc" }) {
  return htmlPage(
    title,
    "<style>body { margin: 0; padding: 0; }</style>",
    `<redoc spec-url="${escapeHtml(specUrl)}" hide-download-button="false"></redoc>
<script src="${assetsBase}/redoc.standalone.js"></script>`,
  );
}

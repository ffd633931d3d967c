/**
 * How an internal package is built: its TypeScript sources to plain ESM in dist/, one file per source file
 * (unbundled, so `import.meta.url` and "am I the entry?" checks keep meaning what they mean in src/). Imports of
 * other packages stay imports, so each process loads one copy of each package from node_modules. No .d.ts:
 * type checking reads the sources through the "@shop/source" export condition (base.json customConditions).
 */
/** @param {string[]} entry @returns {import("tsdown").UserConfig} */
export function packageBuild(entry) {
  return {
    entry,
    unbundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outDir: "dist",
    fixedExtension: false,
    sourcemap: true,
    dts: false,
    clean: true,
    logLevel: "warn",
  };
}

import { rawRoute } from "../../../_raw/raw-route";

export const dynamic = "force-dynamic";

/** The CSV import of /admin/products/import: ?dryRun=true checks every row and writes nothing. */
export const POST = rawRoute({
  accepts: ["text/csv"],
  // Anything but an explicit dryRun=false is a dry run: a mistaken call never writes.
  call: (api, { searchParams }) => (searchParams.get("dryRun") === "false" ? api.admin.products.import({}) : api.admin.products.importDryRun({})),
});

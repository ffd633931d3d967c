/**
 * `npm run admin -- <phone> [--name NAME]`: creates an admin account or promotes an existing one.
 * The password, if any, comes from the ADMIN_PASSWORD environment variable (never a flag: flags show up in
 * process lists and shell history). DATABASE_URL names the database.
 */
import { parseArgs } from "node:util";
import { createDb } from "@shop/db";
import { createOrPromoteAdmin } from "../src/user/admin.service";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: "string" } } });
const phone = positionals[0];
const url = process.env.DATABASE_URL;
if (!phone || !url) {
  console.error("usage: DATABASE_URL=... [ADMIN_PASSWORD=...] npm run admin -- <phone> [--name NAME]");
  process.exit(2);
}
const db = createDb(url, { poolSize: 1 });
try {
  const admin = await createOrPromoteAdmin(db, { phone, password: process.env.ADMIN_PASSWORD || undefined, name: values.name });
  console.log(`${admin.created ? "Created" : "Promoted"} admin ${admin.phone} (id ${admin.id}).`);
} catch (error) {
  console.error(`Could not create the admin: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}

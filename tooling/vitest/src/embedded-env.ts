// Setup file of the `:embedded` projects: runs in the test worker before the test file is imported, so the
// helpers that read DATABASE_URL (testDb(), testDatabaseUrl()) get the embedded server of embedded-setup.ts.
import { inject } from "vitest";

const url = inject("embeddedDatabaseUrl");
process.env.DATABASE_URL = url;
process.env.TEST_DATABASE_URL = url;

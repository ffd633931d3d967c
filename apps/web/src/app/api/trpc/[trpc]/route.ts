import { handleTrpc } from "@shop/server";

export const dynamic = "force-dynamic";

/** The storefront's (and other TypeScript apps') endpoint: the same appRouter, with cookie sessions allowed. */
export { handleTrpc as GET, handleTrpc as POST };

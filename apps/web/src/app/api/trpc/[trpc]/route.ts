import { handleTrpc } from "../../../../server/trpc";

export const dynamic = "force-dynamic";

/** The storefront's (and other TypeScript apps') endpoint: the same appRouter, with cookie sessions allowed. */
export { handleTrpc as GET, handleTrpc as POST };

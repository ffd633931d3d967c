/**
 * A REST body that cannot become input. It is NOT thrown where it is read (openapi-fetch.ts): trpc-to-openapi
 * reads the body before it creates the context, so throwing there would answer 415/400 before authentication.
 * It travels inside the input under this key instead, and `rejectUnreadableBody` (trpc.ts) throws it once the
 * caller is authenticated.
 */
export const UNREADABLE_BODY = Symbol("unreadable body");

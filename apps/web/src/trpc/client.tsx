"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import type { AppRouter } from "@shop/api";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Per-call link context, passed as `mutationOptions({ trpc: { context } })`. */
export interface ShopOperationContext {
  /** Sent as the Idempotency-Key header (orders.create): one key per checkout attempt. */
  idempotencyKey?: string;
}

function makeQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } });
}

const url = "/api/trpc";
const sameOrigin: typeof fetch = (input, init) => fetch(input, { ...init, credentials: "same-origin" });

/** Checkout travels alone: a batch has one set of headers, and its Idempotency-Key belongs to this one call. */
const ownRequest = new Set(["orders.create"]);

function makeTRPCClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => ownRequest.has(op.path),
        true: httpLink({
          url,
          fetch: sameOrigin,
          headers: ({ op }) => {
            const key = (op.context as ShopOperationContext).idempotencyKey;
            return key ? { "idempotency-key": key } : {};
          },
        }),
        // The server refuses batches above TRPC_MAX_BATCH_SIZE, which cannot be set below this.
        false: httpBatchLink({ url, fetch: sameOrigin, maxItems: 10 }),
      }),
    ],
  });
}

/** TanStack Query + the typed tRPC client for client components; cookies ride along (same origin). */
export function ShopTRPCProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(makeTRPCClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

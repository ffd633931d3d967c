import type { AnyTRPCRouter } from "@trpc/server";
import type { ShopMeta } from "./trpc";

/** What the REST layer reads of a procedure: its meta, and whether it parses an input. */
export interface ProcedureDef {
  meta?: ShopMeta;
  inputs?: unknown[];
}

/**
 * Calls `visit` for every procedure of a router, nested routers included (in tRPC 11 procedures are functions with
 * `_def.procedure`, routers plain objects): the one walk behind the OpenAPI document's metas and raw-body.ts.
 */
export function forEachProcedure(router: AnyTRPCRouter, visit: (def: ProcedureDef) => void): void {
  type Node = { _def?: ProcedureDef & { procedure?: boolean } } & Record<string, unknown>;
  const walk = (node: Node) => {
    if (node._def?.procedure) {
      visit(node._def);
      return;
    }
    for (const child of Object.values(node)) {
      if (child && (typeof child === "object" || typeof child === "function")) walk(child as Node);
    }
  };
  walk(router._def.record as unknown as Node);
}

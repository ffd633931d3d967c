import type { Db, Prisma } from "@shop/db";

/** The client or a transaction's client: what repositories take, so a service decides the transaction. */
export type Queryable = Db | Prisma.TransactionClient;

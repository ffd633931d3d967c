export { createDb, type Db, type DbOptions } from "./client";
export { Prisma, PrismaClient } from "./generated/prisma/client";
export type * from "./generated/prisma/client";
export { databaseName, poolConfigFromUrl, withDatabase } from "./connection";

/**
 * The shop never loses its last administrator. In a database of this file's own, so "the last admin" means
 * exactly the accounts made here (the shared database has other files' admins).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionService, DEFAULT_SESSION_CONFIG } from "@shop/core";
import { createDb, type Db } from "@shop/db";
import { scratchDatabase, type ScratchDatabase } from "@shop/db/testing";
import type { ApiDeps } from "../src/context";
import { restClient, type RestClient } from "./http";
import { createTestDeps, uniquePhone } from "./support";

const shared = createTestDeps();
let scratch: ScratchDatabase;
let db: Db;
let api: RestClient;
let sessions: ReturnType<typeof createSessionService>;

beforeAll(async () => {
  scratch = await scratchDatabase("api_last_admin", { migrate: true });
  db = createDb(scratch.url, { poolSize: 4 });
  sessions = createSessionService({ db, tokens: shared.services.tokens, config: DEFAULT_SESSION_CONFIG });
  const deps: ApiDeps = { ...shared, db, services: { ...shared.services, sessions } };
  api = restClient(deps);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await scratch?.drop();
  await shared.close();
});

async function user(role: "admin" | "staff" | "customer") {
  const row = await db.user.create({ data: { phone: uniquePhone(), role }, select: { id: true, role: true } });
  return { id: row.id, token: (await sessions.create(row)).accessToken };
}

const LAST_ADMIN = "The shop must keep at least one administrator who can sign in";
const roleOf = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id }, select: { role: true } })).role;

describe("last-admin protection", () => {
  it("the only admin cannot demote themself (409); with a second admin they can, and then the other cannot", async () => {
    const first = await user("admin");
    const demote = (who: { id: string; token: string }, role = "customer") =>
      api.call("PATCH", `/admin/customers/${who.id}/role`, { token: who.token, body: { role } });

    for (const role of ["customer", "staff"]) {
      const refused = await demote(first, role);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toBe(LAST_ADMIN);
    }
    expect(await roleOf(first.id)).toBe("admin");
    expect(await db.auditLog.count({ where: { entityId: first.id } })).toBe(0);

    const second = await user("admin");
    expect((await demote(first, "staff")).status).toBe(200);
    expect(await roleOf(first.id)).toBe("staff");
    const last = await demote(second);
    expect(last.status).toBe(409);
    expect(await roleOf(second.id)).toBe("admin");
    // Setting the role an account already has changes nothing and is fine.
    expect((await demote(second, "admin")).status).toBe(200);
  });

  it("a blocked admin does not count: the only admin who can sign in stays one", async () => {
    const blockedAdmin = await user("admin");
    await db.user.update({ where: { id: blockedAdmin.id }, data: { blockedAt: new Date(), blockedReason: "left the company" } });
    const admins = await db.user.findMany({ where: { role: "admin", blockedAt: null }, select: { id: true } });
    // The previous test's second admin is the only one left who can sign in.
    expect(admins).toHaveLength(1);
    const only = admins[0]!;
    const token = (await sessions.create({ id: only.id, role: "admin" })).accessToken;
    const res = await api.call("PATCH", `/admin/customers/${only.id}/role`, { token, body: { role: "customer" } });
    expect(res.status).toBe(409);
    // Demoting the blocked admin is fine.
    expect((await api.call("PATCH", `/admin/customers/${blockedAdmin.id}/role`, { token, body: { role: "customer" } })).status).toBe(200);
  });
});

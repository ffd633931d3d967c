/**
 * The driver adapter the Prisma CLI uses for `migrate dev/deploy/reset/diff` (WASM schema engine, no
 * native engines; see ../shared/STACK-NOTES.md). It works around two upstream bugs of @prisma/adapter-pg 6.19:
 *
 * 1. prisma/orm#27403: the adapter cannot deserialize the catalog types `"char"` (OID 18) and `name`
 *    (OID 19) that the schema engine reads while describing a database ("Column type 'name' could not be
 *    deserialized"). CatalogTextClient reports those columns as `text` (OID 25); pg already hands their
 *    values over as strings, so only the field metadata changes. The engine reads `"char"` columns such as
 *    pg_constraint.contype as a single character, though (a text column there aborts the WASM engine with
 *    "unreachable" as soon as a CHECK constraint exists), so those columns are reported to it as Character.
 * 2. `connectToShadowDb` drops the shadow database while its own pool still holds a connection ("database
 *    ... is being accessed by other users"), and ignores the shadow database name when the config is a
 *    connectionString. ShadowSafePg builds the shadow pool from discrete fields and closes it before the drop.
 */
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { ColumnTypeEnum, type SqlDriverAdapter, type SqlResultSet } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { poolConfigFromUrl } from "./connection";

const CHAR_OID = 18;
const NAME_OID = 19;
const TEXT_OID = 25;

type FieldLike = { dataTypeID: number };

type ResultLike = { fields?: FieldLike[]; rows?: unknown[] };

// Result rows -> indexes of the columns that were `"char"`; the adapter passes the rows array through untouched.
const charColumns = new WeakMap<object, number[]>();

function asText<T>(result: T): T {
  for (const r of (Array.isArray(result) ? result : [result]) as (ResultLike | undefined)[]) {
    const chars: number[] = [];
    (r?.fields ?? []).forEach((field, index) => {
      if (field.dataTypeID === CHAR_OID) chars.push(index);
      if (field.dataTypeID === CHAR_OID || field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
    });
    if (chars.length > 0 && r?.rows) charColumns.set(r.rows, chars);
  }
  return result;
}

function reportCharColumns<A extends SqlDriverAdapter>(adapter: A): A {
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    const result: SqlResultSet = await queryRaw(query);
    for (const index of charColumns.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return adapter;
}

type Callback = (err: Error | null, result: unknown) => void;

export class CatalogTextClient extends pg.Client {
  // pg-pool calls query() with a callback; the adapter's transactions use the promise form. Both are covered.
  // The overloads of pg.Client#query cannot be restated generically, hence the loose signature.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last: unknown = args[args.length - 1];
    if (typeof last === "function") {
      const callback = last as Callback;
      args[args.length - 1] = (err: Error | null, result: unknown) => callback(err, err ? result : asText(result));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    if (out && typeof (out as Promise<unknown>).then === "function") return (out as Promise<unknown>).then(asText);
    return out;
  }
}

export class ShadowSafePg extends PrismaPg {
  readonly #config: pg.PoolConfig;

  constructor(config: pg.PoolConfig) {
    super({ ...config, Client: CatalogTextClient } as pg.PoolConfig);
    this.#config = config;
  }

  override async connect() {
    return reportCharColumns(await super.connect());
  }

  override async connectToShadowDb() {
    const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    const admin = new CatalogTextClient(this.#config);
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    const shadow = new PrismaPg({ ...this.#config, database, Client: CatalogTextClient } as pg.PoolConfig);
    const adapter = reportCharColumns(await shadow.connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose(); // closes the shadow pool first, so the drop below is not blocked by our own session
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
      } finally {
        await admin.end();
      }
    };
    return adapter;
  }
}

export function migrateAdapterFromUrl(url: string): ShadowSafePg {
  return new ShadowSafePg(poolConfigFromUrl(url));
}

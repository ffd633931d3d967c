/**
 * The one PGlite session shared by every client connection of the embedded server, handed to one connection
 * at a time.
 *
 * PGlite is a single Postgres backend: one session, so one unnamed statement, one unnamed portal, one
 * transaction. Handing it out per protocol message (what pglite-socket 0.2.17 does, electric-sql/pglite#1046)
 * lets the Parse/Bind/Execute/Sync batches of two connections interleave, which answers `portal "" does not
 * exist`, `bind message supplies N parameters…` or, worse, another client's rows. Here a connection OWNS the
 * session from its first message until PGlite's output ends with ReadyForQuery in status 'I': a batch always
 * runs whole, and a transaction ('T', or failed 'E') keeps the session until COMMIT or ROLLBACK. Others queue,
 * in arrival order.
 *
 * When the owner goes away mid-batch or mid-transaction (disconnect, a failed call, the idle limit), the session
 * is put back the way a Postgres backend exit would leave the database: Sync ends a half-sent batch, ROLLBACK
 * undoes an open transaction, and only then does the next connection get it. Work of a connection that is gone
 * never runs afterwards (it would run outside the transaction its client believes it is in).
 *
 * A PGlite call that throws fails that connection only: the loop goes on (pglite-socket's queue stays stuck
 * after one throw, the second defect of #1046).
 *
 * What one session cannot give: parallelism (a transaction blocks every other connection until it ends), and
 * session state of one's own (SET, named prepared statements, temporary tables and advisory locks are shared by
 * all connections). The shop uses none of those outside a transaction. Nothing else may use the PGlite instance
 * while a server runs on it.
 */
import type { PGlite } from "@electric-sql/pglite";
import { ReadyForQueryTracker, simpleQuery, SYNC, type TransactionStatus } from "./embedded-wire";

/** One client connection as the session sees it. */
export interface SessionClient {
  /** PGlite's replies to this connection's messages; the bytes are only valid during the call. */
  write(data: Uint8Array): void;
  /** The session gives up on this connection (a failed call, the idle limit): tell the client and close. */
  fail(reason: SessionFailure): void;
}

export type SessionFailure = { kind: "idle-timeout"; idleMs: number } | { kind: "exec-error"; error: unknown };

export interface SessionOptions {
  /**
   * Longest a connection may hold the session while sending nothing (inside a transaction, or between the
   * messages of a batch) before it is disconnected, since everyone else waits meanwhile. 0 disables the limit.
   */
  ownerIdleTimeoutMs: number;
  /** Where to report what the session did on its own (a rollback after a disconnect, a failed call). */
  log?: (message: string) => void;
}

interface Work {
  client: number;
  bytes: Uint8Array;
  /** A startup packet: PGlite reads nothing after one in the same call, so it runs on its own. */
  startup: boolean;
  done: () => void;
}

export class EmbeddedSession {
  private readonly clients = new Map<number, SessionClient>();
  private queue: Work[] = [];
  private owner: number | null = null;
  /** The owner has sent messages since the last ReadyForQuery (a batch without its Sync yet). */
  private batchOpen = false;
  private status: TransactionStatus = "I";
  private running = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];
  private nextId = 1;

  constructor(
    private readonly db: PGlite,
    private readonly options: SessionOptions,
  ) {}

  /** Registers a connection; its id is what `submit` and `disconnect` take. */
  open(client: SessionClient): number {
    const id = this.nextId++;
    this.clients.set(id, client);
    return id;
  }

  /**
   * Queues complete frontend messages of one connection (several may be concatenated). Resolves once they ran,
   * or were dropped because the connection went away.
   */
  submit(client: number, bytes: Uint8Array, options: { startup?: boolean } = {}): Promise<void> {
    if (!this.clients.has(client)) return Promise.resolve();
    if (client === this.owner) this.clearIdleTimer();
    return new Promise((done) => {
      this.queue.push({ client, bytes, startup: options.startup ?? false, done });
      void this.pump();
    });
  }

  /** The connection is gone: drops its queued work and, if it owns the session, puts the session back. */
  disconnect(client: number): void {
    if (!this.clients.delete(client)) return;
    this.drop(client);
    if (client === this.owner) {
      this.clearIdleTimer();
      void this.pump();
    }
  }

  /** Resolves when no work is queued or running and no connection owns the session. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return !this.running && this.queue.length === 0 && this.owner === null;
  }

  private drop(client: number): void {
    const dropped = this.queue.filter((work) => work.client === client);
    this.queue = this.queue.filter((work) => work.client !== client);
    for (const work of dropped) work.done();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        if (this.owner !== null && !this.clients.has(this.owner)) {
          await this.restore(this.owner);
          continue;
        }
        const id = this.owner ?? this.queue[0]?.client;
        if (id === undefined) break;
        const queued = this.queue.filter((work) => work.client === id);
        // The owner is busy on its side (between the statements of a transaction): everyone waits.
        if (queued.length === 0) break;
        const mine = queued[0]!.startup ? queued.slice(0, 1) : queued.slice(0, firstStartup(queued));
        this.queue = this.queue.filter((work) => !mine.includes(work));
        this.owner = id;
        await this.run(id, mine);
      }
    } finally {
      this.running = false;
    }
    if (this.owner !== null) this.armIdleTimer(this.owner);
    else if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Runs everything a connection has queued in one PGlite call: a batch costs one call, not one per message. */
  private async run(id: number, work: Work[]): Promise<void> {
    const client = this.clients.get(id)!;
    const bytes = work.length === 1 ? work[0]!.bytes : Buffer.concat(work.map((w) => w.bytes));
    try {
      await this.exec(bytes, (data) => client.write(data));
    } catch (error) {
      this.options.log?.(`connection ${id}: PGlite failed on its messages (${String(error)}); closing it`);
      // Nobody knows how far the batch got: restore() ends it with a Sync and rolls back what it opened.
      this.batchOpen = true;
      this.clients.delete(id);
      this.drop(id);
      client.fail({ kind: "exec-error", error });
    } finally {
      for (const w of work) w.done();
    }
  }

  /** What a Postgres backend does when its client vanishes: finish the batch, roll back, then serve the next. */
  private async restore(id: number): Promise<void> {
    try {
      if (this.batchOpen) await this.exec(SYNC, () => {});
      if (this.status !== "I") {
        this.options.log?.(`connection ${id} left inside a transaction: rolled back`);
        await this.exec(simpleQuery("ROLLBACK"), () => {});
      }
    } catch (error) {
      this.options.log?.(`could not roll back after connection ${id}: ${String(error)}`);
    }
    if (this.owner === id) this.release();
  }

  private release(): void {
    this.owner = null;
    this.batchOpen = false;
    this.status = "I";
  }

  private async exec(bytes: Uint8Array, sink: (data: Uint8Array) => void): Promise<void> {
    const tracker = new ReadyForQueryTracker();
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(bytes, {
        onRawData: (data) => {
          tracker.push(data);
          // A throw here would unwind through Postgres' own main loop inside WebAssembly.
          try {
            sink(data);
          } catch (error) {
            this.options.log?.(`writing a reply failed: ${String(error)}`);
          }
        },
      }),
    );
    if (tracker.status) this.status = tracker.status;
    this.batchOpen = !tracker.endsWithReady;
    if (tracker.endsWithReady && tracker.status === "I") this.release();
  }

  private armIdleTimer(id: number): void {
    const idleMs = this.options.ownerIdleTimeoutMs;
    if (idleMs <= 0 || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      const client = this.clients.get(id);
      if (this.owner !== id || this.running || !client || this.queue.some((work) => work.client === id)) return;
      this.options.log?.(`connection ${id} held the session idle for ${idleMs} ms: closing it`);
      this.clients.delete(id);
      client.fail({ kind: "idle-timeout", idleMs });
      void this.pump();
    }, idleMs);
    this.idleTimer.unref();
  }

  private clearIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

function firstStartup(work: Work[]): number {
  const index = work.findIndex((w) => w.startup);
  return index === -1 ? work.length : index;
}

/**
 * A Postgres wire-protocol server in front of one PGlite instance: a TCP listener, a connection limit, and a
 * stop that waits until every departed client's batch or transaction was closed and rolled back. The protocol
 * handling lives in embedded-connection.ts, the sharing of PGlite's single session in embedded-session.ts.
 */
import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { EmbeddedConnection } from "./embedded-connection";
import { EmbeddedSession } from "./embedded-session";
import { fatalError } from "./embedded-wire";

export interface EmbeddedServerOptions {
  db: PGlite;
  host?: string;
  /** 0 picks a free port (see `port` after start). */
  port?: number;
  /** Client connections served at once; one more is refused with Postgres' "too many clients" error. */
  maxConnections?: number;
  /** See SessionOptions.ownerIdleTimeoutMs. */
  ownerIdleTimeoutMs?: number;
  /** Largest single frontend message accepted (bytes). */
  maxMessageBytes?: number;
  log?: (message: string) => void;
}

export const EMBEDDED_SERVER_DEFAULTS = {
  maxConnections: 40,
  // Longer than any transaction the shop runs (its longest timeout is 15 s): only a stuck client reaches it.
  ownerIdleTimeoutMs: 30_000,
  maxMessageBytes: 64 * 1024 * 1024,
} as const;

export class EmbeddedServer {
  private readonly session: EmbeddedSession;
  private readonly connections = new Set<EmbeddedConnection>();
  private readonly refused = new Set<net.Socket>();
  private readonly server: net.Server;
  private readonly maxConnections: number;
  private readonly maxMessageBytes: number;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: EmbeddedServerOptions) {
    this.maxConnections = options.maxConnections ?? EMBEDDED_SERVER_DEFAULTS.maxConnections;
    this.maxMessageBytes = options.maxMessageBytes ?? EMBEDDED_SERVER_DEFAULTS.maxMessageBytes;
    this.session = new EmbeddedSession(options.db, {
      ownerIdleTimeoutMs: options.ownerIdleTimeoutMs ?? EMBEDDED_SERVER_DEFAULTS.ownerIdleTimeoutMs,
      log: options.log,
    });
    this.server = net.createServer((socket) => this.accept(socket));
  }

  async start(): Promise<void> {
    await this.options.db.waitReady;
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 5432, this.options.host ?? "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
  }

  /** The port it listens on (the one the OS picked for port 0). */
  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Stops accepting, closes every connection, and resolves once the session is back to idle. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const connection of this.connections) connection.close();
      for (const socket of this.refused) socket.destroy();
      await this.session.whenIdle();
      await closed;
    })();
    return this.stopping;
  }

  private accept(socket: net.Socket): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    if (this.connections.size >= this.maxConnections) {
      // What Postgres answers past max_connections, so clients report a real reason instead of a reset. A client
      // may keep its end open after reading it: the socket is destroyed once the answer is out.
      socket.on("error", () => {});
      this.refused.add(socket);
      socket.once("close", () => this.refused.delete(socket));
      socket.end(fatalError("53300", `sorry, too many clients already (the embedded server accepts ${this.maxConnections})`), () =>
        socket.destroy(),
      );
      return;
    }
    const connection = new EmbeddedConnection(socket, this.session, { maxMessageBytes: this.maxMessageBytes }, (c) =>
      this.connections.delete(c),
    );
    this.connections.add(connection);
  }
}

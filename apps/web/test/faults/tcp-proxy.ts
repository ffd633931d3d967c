/**
 * A TCP proxy between the app and Postgres that the test controls: it can delay every answer from the server
 * (slow requests for the shutdown test) and cut exactly one connection at a chosen point of the wire protocol
 * (a connection lost mid-transaction, without touching anyone else's connections to the shared server).
 */
import net from "node:net";

export interface CutRule {
  /** Text of a statement the app sends (the SQL travels as plain text in the Parse/Query message). */
  after: string;
  /** Resolves when the connection carrying that statement has been cut. */
  cut: Promise<void>;
}

export interface TcpProxy {
  url(databaseUrl: string): string;
  port: number;
  /** Delay applied to every chunk the server sends back (0 = none). */
  setLatency(ms: number): void;
  /**
   * Arms a one-shot cut: once a client sends a statement containing `after`, the statement is forwarded and that
   * connection is destroyed when the server answers it, so the server has run it inside the open transaction but
   * the client never sees the result, nor can it commit.
   */
  cutAfter(after: string): CutRule;
  /** Bytes sent by clients so far (to see that requests have reached the database). */
  clientBytes(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let latencyMs = 0;
  let clientBytes = 0;
  let rule: { after: string; fire: () => void } | undefined;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    // The tail of earlier chunks, so a statement split across two chunks is still recognised.
    let tail = "";
    let cutArmed: (() => void) | undefined;
    const destroy = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on("close", () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on("error", destroy);
    upstream.on("error", destroy);

    client.on("data", (chunk: Buffer) => {
      clientBytes += chunk.length;
      if (rule) {
        const text = tail + chunk.toString("latin1");
        if (text.includes(rule.after)) {
          cutArmed = rule.fire;
          rule = undefined;
        }
        tail = text.slice(-512);
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (cutArmed) {
        // The server has answered the marked statement: the transaction holds its effects, uncommitted.
        const fire = cutArmed;
        cutArmed = undefined;
        destroy();
        fire();
        return;
      }
      if (latencyMs > 0) {
        upstream.pause();
        setTimeout(() => {
          if (!client.destroyed) client.write(chunk);
          upstream.resume();
        }, latencyMs);
      } else {
        client.write(chunk);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;

  return {
    port,
    url(databaseUrl) {
      const u = new URL(databaseUrl);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    cutAfter(after) {
      let fire!: () => void;
      const cut = new Promise<void>((resolve) => (fire = resolve));
      rule = { after, fire };
      return { after, cut };
    },
    clientBytes: () => clientBytes,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

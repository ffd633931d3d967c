/**
 * Who is the client? The one answer every per-IP limit (code sends, wrong codes, password sign-ins) and every
 * session record uses.
 *
 * - The peer is the address of the TCP connection. Only our own web server (@shop/server web-server.ts) can know it, so
 *   it passes it in PEER_ADDRESS_HEADER, always overwriting whatever a client sent under that name. The header is
 *   believed only where the app says so (`ApiConfig.peerAddressHeader`), i.e. when it runs behind that entry.
 * - `trustedProxyHops` = 0 (the default): no reverse proxy. The peer is the client; X-Forwarded-For is ignored, so
 *   a client cannot pick its own address.
 * - N > 0: N reverse proxies, each appending the address it saw to X-Forwarded-For. The client is the N-th entry
 *   from the right (the one the outermost trusted proxy wrote); whatever the client put further left is ignored.
 *   With fewer entries than N (a misconfiguration, or a request that bypassed a proxy) the leftmost one is used.
 */
import { isIP } from "node:net";
import { trustedForwardedEntry } from "./request-meta";

export const PEER_ADDRESS_HEADER = "x-shop-peer-address";

export interface ClientAddressInput {
  /** The TCP peer, when known. */
  peer: string | null | undefined;
  /** The X-Forwarded-For header as received (comma-separated, possibly repeated headers already joined). */
  forwardedFor: string | null | undefined;
  trustedProxyHops: number;
}

/** `::ffff:203.0.113.7` (IPv4 on a dual-stack socket) is 203.0.113.7; anything that is not an address is null. */
export function normaliseAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  let address = value.trim();
  // "[2001:db8::1]:443" and "203.0.113.7:443" from proxies that append the port.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  const zone = address.indexOf("%");
  if (zone !== -1) address = address.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1]!;
  return isIP(address) ? address.toLowerCase() : null;
}

export function clientAddress({ peer, forwardedFor, trustedProxyHops }: ClientAddressInput): string | null {
  const socket = normaliseAddress(peer);
  const hops = Math.max(0, Math.trunc(trustedProxyHops));
  if (hops === 0) return socket;
  const entry = trustedForwardedEntry(forwardedFor, hops);
  if (entry === undefined) return socket;
  // A proxy never writes garbage there; if it is garbage, the client wrote it: fall back to the socket.
  return normaliseAddress(entry) ?? socket;
}

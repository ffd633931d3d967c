/**
 * The few pieces of the Postgres wire protocol (v3) the embedded server needs to see for itself: where a
 * client's messages begin and end, which backend message closes a batch (ReadyForQuery and its transaction
 * status), and the messages the server writes on its own (Sync, a simple Query, a FATAL ErrorResponse).
 * Everything else passes through to PGlite untouched.
 */

/** First int32 of the payload of the startup-phase packets (after the int32 length). */
export const PROTOCOL_3_0 = 196_608;
export const SSL_REQUEST = 80_877_103;
export const GSSENC_REQUEST = 80_877_104;
export const CANCEL_REQUEST = 80_877_102;
/** Postgres refuses longer startup packets (MAX_STARTUP_PACKET_LENGTH). */
export const MAX_STARTUP_PACKET_BYTES = 10_000;

/**
 * Frontend message types after startup. PGlite must never see any other type byte: an unknown one makes it spin
 * forever inside WebAssembly (seen with '?'), freezing every connection, where Postgres would answer FATAL.
 */
const FRONTEND_TYPES = new Set("BCDEFHPQSXcdfp".split("").map((c) => c.charCodeAt(0)));
export const TERMINATE = "X".charCodeAt(0);

export function isFrontendType(type: number): boolean {
  return FRONTEND_TYPES.has(type);
}

/** Transaction status carried by ReadyForQuery: idle, in a transaction block, in a failed one. */
export type TransactionStatus = "I" | "T" | "E";

function typed(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header[0] = type.charCodeAt(0);
  header.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([header, payload]);
}

export const SYNC = typed("S", Buffer.alloc(0));

export function simpleQuery(sql: string): Buffer {
  return typed("Q", Buffer.from(`${sql}\0`, "utf8"));
}

/** A FATAL ErrorResponse, as Postgres sends before it closes a connection. */
export function fatalError(sqlState: string, message: string): Buffer {
  const fields = [`SFATAL`, `VFATAL`, `C${sqlState}`, `M${message}`].map((field) => `${field}\0`).join("");
  return typed("E", Buffer.from(`${fields}\0`, "utf8"));
}

/**
 * Follows the backend messages of one PGlite call, which may arrive in several chunks that split messages
 * anywhere, and remembers the last ReadyForQuery and whether the output ended with it (a batch is whole only
 * then: "BEGIN; P B E" answers ReadyForQuery 'T' and then the unfinished batch's replies).
 */
export class ReadyForQueryTracker {
  /** Bytes still to skip of the message being read, once its 5-byte header is known. */
  private remaining = 0;
  private header: Buffer = Buffer.alloc(0);
  private readingStatus = false;
  status: TransactionStatus | null = null;
  endsWithReady = false;

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        if (this.readingStatus) {
          this.status = String.fromCharCode(chunk[offset]!) as TransactionStatus;
          this.readingStatus = false;
          this.endsWithReady = true;
        }
        const take = Math.min(this.remaining, chunk.length - offset);
        this.remaining -= take;
        offset += take;
        continue;
      }
      const need = 5 - this.header.length;
      const part = chunk.subarray(offset, offset + need);
      this.header = Buffer.concat([this.header, part]);
      offset += part.length;
      if (this.header.length < 5) break;
      const type = this.header[0]!;
      this.remaining = this.header.readInt32BE(1) - 4;
      this.header = Buffer.alloc(0);
      this.endsWithReady = false;
      this.readingStatus = type === 0x5a && this.remaining === 1; // 'Z', one status byte
    }
  }
}

import { describe, expect, it } from "vitest";
import { startupParameters } from "./embedded-connection";
import { fatalError, ReadyForQueryTracker, simpleQuery, SYNC } from "./embedded-wire";

function backend(type: string, payload: number[] = []): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(payload.length + 4, 1);
  return Buffer.concat([header, Buffer.from(payload)]);
}

const ready = (status: string) => backend("Z", [status.charCodeAt(0)]);
// A DataRow whose payload happens to contain the bytes of a ReadyForQuery 'I'.
const trickyRow = backend("D", [0, 1, 0, 0, 0, 6, 0x5a, 0, 0, 0, 5, 0x49]);

function track(chunks: Buffer[]): ReadyForQueryTracker {
  const tracker = new ReadyForQueryTracker();
  for (const chunk of chunks) tracker.push(chunk);
  return tracker;
}

/** Every way of cutting the stream into two chunks, so split headers and split status bytes are covered. */
function everySplit(stream: Buffer): Buffer[][] {
  return Array.from({ length: stream.length + 1 }, (_, i) => [stream.subarray(0, i), stream.subarray(i)]);
}

describe("ReadyForQueryTracker", () => {
  it("sees the status of the ReadyForQuery that ends a batch, however the output is chunked", () => {
    const stream = Buffer.concat([backend("1"), backend("2"), trickyRow, backend("C", [0x53, 0]), ready("T")]);
    for (const chunks of everySplit(stream)) {
      const tracker = track(chunks);
      expect(tracker.status).toBe("T");
      expect(tracker.endsWithReady).toBe(true);
    }
  });

  it("knows a batch is unfinished when replies follow the last ReadyForQuery", () => {
    const stream = Buffer.concat([backend("C", [0x53, 0]), ready("I"), backend("1"), backend("2")]);
    for (const chunks of everySplit(stream)) {
      const tracker = track(chunks);
      expect(tracker.status).toBe("I");
      expect(tracker.endsWithReady).toBe(false);
    }
  });

  it("does not mistake row data for a ReadyForQuery", () => {
    const tracker = track([trickyRow]);
    expect(tracker.status).toBeNull();
    expect(tracker.endsWithReady).toBe(false);
  });

  it("keeps the last of several statuses (an error inside a transaction)", () => {
    expect(track([Buffer.concat([ready("T"), backend("E", [0]), ready("E")])]).status).toBe("E");
  });
});

describe("messages the server writes itself", () => {
  it("frames Sync, a simple query and a FATAL error as Postgres does", () => {
    expect([...SYNC]).toEqual([0x53, 0, 0, 0, 4]);
    expect(simpleQuery("ROLLBACK")).toEqual(Buffer.concat([Buffer.from([0x51, 0, 0, 0, 13]), Buffer.from("ROLLBACK\0")]));
    const error = fatalError("53300", "too many");
    expect(error[0]).toBe(0x45);
    expect(error.readInt32BE(1)).toBe(error.length - 1);
    expect(error.subarray(5).toString()).toBe("SFATAL\0VFATAL\0C53300\0Mtoo many\0\0");
  });
});

describe("startupParameters", () => {
  const packet = (body: string) => {
    const length = Buffer.alloc(4);
    length.writeInt32BE(8 + Buffer.byteLength(body));
    return Buffer.concat([length, Buffer.from([0, 3, 0, 0]), Buffer.from(body)]);
  };

  it("reads the name/value pairs of a well-formed packet", () => {
    expect(startupParameters(packet("user\0postgres\0database\0shop\0\0"))).toEqual(
      new Map([
        ["user", "postgres"],
        ["database", "shop"],
      ]),
    );
    expect(startupParameters(packet("\0"))).toEqual(new Map());
  });

  it("refuses the layouts Postgres refuses", () => {
    expect(startupParameters(packet(""))).toBeNull();
    expect(startupParameters(packet("user\0postgres"))).toBeNull();
    expect(startupParameters(packet("user\0postgres\0database\0"))).toBeNull();
    expect(startupParameters(packet("user\0\0"))).toBeNull();
    expect(startupParameters(packet("\0postgres\0\0"))).toBeNull();
  });
});

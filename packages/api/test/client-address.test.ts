import { describe, expect, it } from "vitest";
import { clientAddress, normaliseAddress } from "../src/client-address";

describe("clientAddress", () => {
  it("with no proxy (hops 0, the default) is the TCP peer, whatever X-Forwarded-For says", () => {
    expect(clientAddress({ peer: "203.0.113.7", forwardedFor: "198.51.100.1", trustedProxyHops: 0 })).toBe("203.0.113.7");
    expect(clientAddress({ peer: "::ffff:203.0.113.7", forwardedFor: null, trustedProxyHops: 0 })).toBe("203.0.113.7");
    expect(clientAddress({ peer: null, forwardedFor: "198.51.100.1", trustedProxyHops: 0 })).toBeNull();
  });

  it("behind N proxies is the N-th X-Forwarded-For entry from the right; what the client wrote further left is ignored", () => {
    const forwardedFor = "10.0.0.1, 198.51.100.9, 203.0.113.50";
    expect(clientAddress({ peer: "192.0.2.1", forwardedFor, trustedProxyHops: 1 })).toBe("203.0.113.50");
    expect(clientAddress({ peer: "192.0.2.1", forwardedFor, trustedProxyHops: 2 })).toBe("198.51.100.9");
    // Fewer entries than hops: the furthest one there is.
    expect(clientAddress({ peer: "192.0.2.1", forwardedFor: "203.0.113.50", trustedProxyHops: 3 })).toBe("203.0.113.50");
    // No header at all (a request that did not pass the proxy): the socket.
    expect(clientAddress({ peer: "192.0.2.1", forwardedFor: undefined, trustedProxyHops: 1 })).toBe("192.0.2.1");
    // Garbage where the proxy's entry should be: the socket, never the garbage.
    expect(clientAddress({ peer: "192.0.2.1", forwardedFor: "203.0.113.5, not-an-ip", trustedProxyHops: 1 })).toBe("192.0.2.1");
  });

  it("normalises addresses and refuses what is not one", () => {
    expect(normaliseAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normaliseAddress("203.0.113.7:8080")).toBe("203.0.113.7");
    expect(normaliseAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normaliseAddress("unknown")).toBeNull();
    expect(normaliseAddress("")).toBeNull();
  });
});

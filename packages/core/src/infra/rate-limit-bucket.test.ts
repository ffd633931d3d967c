import { describe, expect, it } from "vitest";
import { rateLimitBucket } from "./rate-limit-bucket";

describe("rateLimitBucket", () => {
  it("keeps IPv4 addresses as they are", () => {
    expect(rateLimitBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitBucket(null)).toBeNull();
  });

  it("counts IPv6 addresses per /64, however they are written", () => {
    const bucket = "2001:db8:1:2::/64";
    expect(rateLimitBucket("2001:db8:1:2::1")).toBe(bucket);
    expect(rateLimitBucket("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe(bucket);
    expect(rateLimitBucket("2001:DB8:1:2:0:0:0:9")).toBe(bucket);
    expect(rateLimitBucket("2001:db8:1:3::1")).not.toBe(bucket);
    expect(rateLimitBucket("::1")).toBe("0:0:0:0::/64");
    expect(rateLimitBucket("fe80::")).toBe("fe80:0:0:0::/64");
  });
});

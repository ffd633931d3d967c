import { beforeEach, describe, expect, it, vi } from "vitest";
import { argon2, hashPassword, Password, verifyPassword } from "./password";

// A spy on argon2's verify shows WHICH hash each call checks against, instead of timing it (a timing assertion
// flakes on a loaded machine; the enumeration suite owns the timing question end to end).
const verify = vi.spyOn(argon2, "verify");

describe("passwords", () => {
  // A braced body: beforeEach treats a returned function (mockClear returns the spy) as a teardown to call.
  beforeEach(() => {
    verify.mockClear();
  });

  it("are hashed with argon2id, 19 MiB, 2 passes, 1 lane, and verify", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batterY")).toBe(false);
  });

  it("a missing hash never verifies, and runs one argon2 verification with the same parameters all the same", async () => {
    for (const missing of [null, undefined, ""]) {
      verify.mockClear();
      expect(await verifyPassword(missing, "not-a-real-password-0000")).toBe(false);
      expect(verify).toHaveBeenCalledTimes(1);
      const [dummy] = verify.mock.calls[0]!;
      // The same cost as a real user's hash, so the missing-user path takes as long as a wrong password.
      expect(dummy).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    }
  });

  it("a malformed stored hash is a failed verification, not an exception", async () => {
    expect(await verifyPassword("not-a-phc-string", "whatever1")).toBe(false);
  });

  it("accepts 8..128 characters", () => {
    expect(Password.safeParse("1234567").success).toBe(false);
    expect(Password.safeParse("12345678").success).toBe(true);
    expect(Password.safeParse("x".repeat(128)).success).toBe(true);
    expect(Password.safeParse("x".repeat(129)).success).toBe(false);
  });
});

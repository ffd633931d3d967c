import { describe, expect, it } from "vitest";
import { hashPassword, Password, verifyPassword } from "./password";

describe("passwords", () => {
  it("are hashed with argon2id, 19 MiB, 2 passes, 1 lane, and verify", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batterY")).toBe(false);
  });

  it("a missing hash never verifies, and costs an argon2 run all the same", async () => {
    const hash = await hashPassword("warm-up password");
    const started = performance.now();
    await verifyPassword(hash, "x");
    const real = performance.now() - started;
    const s2 = performance.now();
    expect(await verifyPassword(null, "x")).toBe(false);
    const dummy = performance.now() - s2;
    // Same order of magnitude (the dummy hash is computed once and cached, so this measures verification only).
    expect(dummy).toBeGreaterThan(real / 4);
  });

  it("accepts 8..128 characters", () => {
    expect(Password.safeParse("1234567").success).toBe(false);
    expect(Password.safeParse("12345678").success).toBe(true);
    expect(Password.safeParse("x".repeat(128)).success).toBe(true);
    expect(Password.safeParse("x".repeat(129)).success).toBe(false);
  });
});

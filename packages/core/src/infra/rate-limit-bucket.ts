import { isIP } from "node:net";

/**
 * The key a per-IP limit counts under: an IPv4 address as it is, an IPv6 address by its /64 prefix (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would give each client 2^64 budgets).
 * Every per-IP limit (code sends, wrong codes, password sign-ins) goes through this one function.
 */
export function rateLimitBucket(address: string | null): string | null {
  if (!address) return null;
  if (isIP(address) !== 6) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array<string>(Math.max(8 - left.length - right.length, 0)).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, "") || "0")
    .join(":")}::/64`;
}

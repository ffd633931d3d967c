/** Fixtures shared by the cart test files: their own test deps, customers with real sessions, guest carts. */
import { expect } from "vitest";
import { uniquePhone, createTestDeps, type TestDeps } from "./support";
import { restClient, type RestClient } from "./http";

/** Test deps with other settings, closed with the file's others by `closeAll` (call it in afterAll). */
export function depsPool(first: TestDeps) {
  const opened: TestDeps[] = [first];
  return {
    withConfig(options: Parameters<typeof createTestDeps>[0]): { deps: TestDeps; api: RestClient } {
      const d = createTestDeps(options);
      opened.push(d);
      return { deps: d, api: restClient(d) };
    },
    closeAll: () => Promise.all(opened.map((d) => d.close())),
  };
}

/** A customer with a real session (the sign-in path's own code). */
export async function customer(on: TestDeps): Promise<{ id: string; token: string }> {
  const user = await on.db.user.create({ data: { phone: uniquePhone() }, select: { id: true } });
  const { accessToken } = await on.services.sessions.create({ id: user.id, role: "customer" });
  return { id: user.id, token: accessToken };
}

export const quantities = (body: { items: { productId: string; quantity: number }[] }) =>
  Object.fromEntries(body.items.map((line) => [line.productId, line.quantity]));

/** A guest's cart filled through the API, line by line; returns its X-Cart-Token. */
export async function guestCart(api: RestClient, lines: { productId: string; quantity: number }[]): Promise<string> {
  let token: string | undefined;
  for (const line of lines) {
    const res = await api.call("POST", "/shop/cart", { body: line, headers: token ? { "x-cart-token": token } : {} });
    expect(res.status, res.text).toBe(200);
    token = res.body.cartToken;
  }
  return token!;
}

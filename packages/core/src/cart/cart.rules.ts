/**
 * How many of a product a cart line may hold, and how a refusal is said. One rule for every caller (the product
 * page's quantity choice, the cart's quantity box, the REST API), so they never disagree about the limit, and one
 * sentence per situation, written here so that no client has to compose its own from the details.
 */

/** The most one cart line may hold: the current stock or the per-line cap, whichever is lower. */
export function lineLimit(stock: number, lineCap: number): number {
  return Math.max(0, Math.min(stock, lineCap));
}

/** How many more an "add" may put on a line that already holds `inCart`. */
export function addRoom(stock: number, lineCap: number, inCart: number): number {
  return Math.max(0, lineLimit(stock, lineCap) - inCart);
}

export interface QuantityFacts {
  /** Current stock (0 for an inactive product). */
  stock: number;
  lineCap: number;
  /** What the line holds now (0 without a line). */
  inCart: number;
}

function reason({ stock, lineCap }: QuantityFacts): string {
  if (stock <= 0) return "This product is out of stock";
  return stock < lineCap ? `Only ${stock} in stock` : `At most ${lineCap} of one product per cart`;
}

/** Why adding to a line was refused ("add" adds to what the line holds). */
export function addRefusalMessage(facts: QuantityFacts): string {
  const why = reason(facts);
  if (facts.stock <= 0) return why;
  const room = addRoom(facts.stock, facts.lineCap, facts.inCart);
  if (facts.inCart === 0) return `${why}: add ${room} or fewer`;
  if (room === 0) return `${why}, and your cart already holds ${facts.inCart}: you cannot add more`;
  return `${why}, and your cart already holds ${facts.inCart}: add ${room} or fewer`;
}

/** Why setting a line's quantity was refused ("set" replaces what the line holds). */
export function setRefusalMessage(facts: QuantityFacts): string {
  const why = reason(facts);
  if (facts.stock <= 0) return `${why}: remove it from your cart`;
  return `${why}: choose ${lineLimit(facts.stock, facts.lineCap)} or fewer`;
}

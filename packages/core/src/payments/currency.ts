/**
 * Stripe's rules for amounts, in the integer minor units this shop stores (cents; yen for JPY): which
 * currencies have no decimals (the amount is whole units) or three (the amount must end in 0), and the smallest
 * charge Stripe accepts per currency it lists (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
 * An amount that breaks them would fail at Stripe; checked before the call, it is a clear 409 instead.
 */
import { DomainError } from "../errors/domain-error";

const ZERO_DECIMAL = new Set(["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"]);
const THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND"]);

/** The minimum charge in minor units, for the currencies Stripe lists one for. */
const MINIMUM: Record<string, number> = {
  USD: 50, AED: 200, AUD: 50, BGN: 100, BRL: 50, CAD: 50, CHF: 50, CZK: 1500, DKK: 250, EUR: 50, GBP: 30, HKD: 400,
  HUF: 17500, INR: 50, JPY: 50, MXN: 1000, MYR: 200, NOK: 300, NZD: 50, PLN: 200, RON: 200, SEK: 300, SGD: 50, THB: 1000,
};

const MAXIMUM = 99_999_999;

/** The amount Stripe takes for `amount` minor units of `currency` (the same integer), or a 409 saying why not. */
export function stripeAmount(amount: number, currency: string): number {
  const code = currency.toUpperCase();
  const reject = (message: string) => new DomainError("CONFLICT", message, { details: { amount, currency: code } });
  if (!Number.isInteger(amount) || amount <= 0) throw reject("A card payment needs a positive amount");
  if (amount > MAXIMUM) throw reject(`Card payments are limited to ${MAXIMUM} minor units`);
  if (THREE_DECIMAL.has(code) && amount % 10 !== 0) throw reject(`${code} card amounts must be a multiple of 10 minor units`);
  const minimum = MINIMUM[code];
  if (minimum !== undefined && amount < minimum) throw reject(`The smallest card payment in ${code} is ${minimum} minor units`);
  return amount;
}

export const isZeroDecimal = (currency: string) => ZERO_DECIMAL.has(currency.toUpperCase());

"use client";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import type { Cart, Product } from "@shop/core";
import { formatMoney } from "../../../lib/format";
import { AddToCart } from "./add-to-cart";

type Variant = Product["variants"][number];

/**
 * Option pickers (one radio group per option, so arrow keys move within it and a screen reader announces the
 * group), the chosen variant's price and stock, and Add to cart for that variant. A value that no variant has
 * together with the other chosen values is disabled ("not available"); one whose variant is sold out is disabled
 * and says so.
 */
export function VariantPicker({
  product,
  limits,
  initialCart,
  initialVariantId,
}: {
  product: Product;
  /** What a cart line of each variant may hold (lineLimit of @shop/core, worked out by the page). */
  limits: Record<string, number>;
  initialCart: Cart;
  initialVariantId: string | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const names = product.options.map((o) => o.name);
  const valuesOf = (v: Variant) => v.options.map((o) => o.value);
  const first = product.variants.find((v) => v.id === initialVariantId) ?? product.variants[0];
  const [chosen, setChosen] = useState<string[]>(first ? valuesOf(first) : names.map(() => ""));
  const variantWith = (values: string[]) => product.variants.find((v) => valuesOf(v).every((value, i) => value === values[i]));
  const variant = variantWith(chosen);
  // The choice lives in the address too (?variant=), for the gallery and for a link to this size and colour.
  // A value whose combination with the other choices is missing or sold out moves them to its first variant in
  // stock (choosing size 42 while 42 / Black is sold out lands on 42 / White).
  const choose = (values: string[], changed: number) => {
    const withValue = product.variants.filter((v) => valuesOf(v)[changed] === values[changed]);
    const exact = variantWith(values);
    const next = (exact?.inStock ? exact : undefined) ?? withValue.find((v) => v.inStock) ?? exact ?? withValue[0];
    setChosen(next ? valuesOf(next) : values);
    if (next) router.replace(`${pathname}?variant=${next.id}`, { scroll: false });
  };
  const limit = variant ? (limits[variant.id] ?? 0) : 0;

  return (
    <div className="stack">
      <p className="price big">
        {variant ? formatMoney(variant.price, product.currency) : formatMoney(product.priceRange.min, product.currency)}
        {variant?.compareAtPrice != null && (
          <>
            {" "}
            <s className="muted">
              <span className="visually-hidden">Was </span>
              {formatMoney(variant.compareAtPrice, product.currency)}
            </s>
          </>
        )}
      </p>
      {product.options.map((option, i) => (
        <fieldset key={option.name} className="option-picker">
          <legend>
            {option.name}: <strong>{chosen[i]}</strong>
          </legend>
          {option.values.map((value) => {
            // With the other options as chosen: missing ("not available") or sold out. The first option's values
            // stay choosable while any variant of them is in stock (choosing one moves the others to it).
            const candidate = variantWith(chosen.map((c, j) => (j === i ? value : c)));
            const any = product.variants.filter((v) => valuesOf(v)[i] === value);
            const state =
              i === 0
                ? any.some((v) => v.inStock)
                  ? null
                  : "sold out"
                : !candidate
                  ? "not available"
                  : candidate.inStock
                    ? null
                    : "sold out";
            return (
              <label key={value} className={state ? "option unavailable" : "option"}>
                <input
                  type="radio"
                  name={`option-${i}`}
                  value={value}
                  checked={chosen[i] === value}
                  disabled={state !== null}
                  onChange={() => choose(chosen.map((c, j) => (j === i ? value : c)), i)}
                />
                {value}
                {state && <span className="visually-hidden"> ({state})</span>}
              </label>
            );
          })}
        </fieldset>
      ))}
      <p className={variant && variant.stock > 0 ? "stock in" : "stock out"} role="status">
        {!variant ? "This combination is not available" : variant.stock > 0 ? `In stock: ${variant.stock}` : "Sold out"}
      </p>
      {variant && limit > 0 && (
        <AddToCart
          key={variant.id}
          productId={product.id}
          variantId={variant.id}
          name={variant.title ? `${product.name}, ${variant.title}` : product.name}
          limit={limit}
          initialCart={initialCart}
        />
      )}
    </div>
  );
}

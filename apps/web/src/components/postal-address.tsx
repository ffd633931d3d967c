import "server-only";
import { formatAddress } from "localized-address-format";
import { countryName, type SavedShippingAddress } from "@shop/core";

/**
 * The lines of an address in its country's postal order (Google's address metadata, via localized-address-format):
 * "London / N1 9GU" in the UK, "N1 9GU London" in Germany, "Springfield, IL 62701" in the US. A field the country's
 * format leaves out (a region in the UK) is still shown, last, so nothing the customer typed goes missing.
 */
export function addressLines(a: SavedShippingAddress): string[] {
  const lines = formatAddress(
    {
      postalCountry: a.country,
      name: a.fullName,
      addressLines: [a.line1, a.line2].filter((line): line is string => Boolean(line)),
      locality: a.city,
      administrativeArea: a.region,
      postalCode: a.postalCode,
    },
    "latin",
  ).filter(Boolean);
  const text = lines.join("\n");
  const left = [a.city, a.region, a.postalCode].filter((part): part is string => Boolean(part) && !text.includes(part!));
  if (left.length) lines.push(left.join(", "));
  lines.push(countryName(a.country) ?? a.country);
  return lines;
}

export function PostalAddress({ address }: { address: SavedShippingAddress }) {
  const lines = addressLines(address);
  return (
    <address>
      {lines.map((line, i) => (
        <span key={i}>
          {line}
          {i < lines.length - 1 && <br />}
        </span>
      ))}
    </address>
  );
}

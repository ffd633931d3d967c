import { useId } from "react";
import type { CountryOption } from "@shop/core";

/**
 * The country of an address: a native select (keyboard, screen readers and browser autofill know it) that shows
 * names and submits ISO 3166-1 codes; the list comes from the server (@shop/core's countryOptions). A saved code
 * that is not in the list (addresses from before the server checked it, e.g. "UN") is not pre-selected: the
 * visitor is told and chooses a real country.
 */
export function CountrySelect({
  countries,
  defaultValue,
  required = true,
}: {
  countries: CountryOption[];
  defaultValue?: string;
  required?: boolean;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const unknown = Boolean(defaultValue) && !countries.some((c) => c.code === defaultValue);
  // A label beside the select, not around it: wrapped, the label's text would include every option's name.
  return (
    <div className="grow field">
      <label htmlFor={id}>Country</label>
      <select id={id} name="country" autoComplete="country" required={required} defaultValue={unknown ? "" : (defaultValue ?? "")} aria-describedby={unknown ? hintId : undefined}>
        <option value="" disabled={required}>
          {required ? "Choose a country" : "No country"}
        </option>
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </select>
      {unknown && (
        <span id={hintId} className="flag">
          The saved country “{defaultValue}” is not a country code: choose the country.
        </span>
      )}
    </div>
  );
}

/**
 * What a back-office customer search looks for. A query of digits and phone punctuation ("+44 7400", "07400
 * 123", "(415) 555") is a phone search: its digits anywhere in the E.164 number, and, when it starts with a
 * national trunk 0, also without it (E.164 drops it: 07400 123456 is stored as +447400123456). Anything else
 * is a name or email search (a part of either, any case).
 */
export type CustomerSearch = { kind: "phone"; patterns: string[] } | { kind: "text"; pattern: string } | null;

const PHONE_LIKE = /^[\d\s()+./-]+$/;

/** `value` as a LIKE pattern matching it anywhere, its own %, _ and \ taken literally. */
export function containsPattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

export function parseCustomerSearch(q: string | undefined): CustomerSearch {
  const query = q?.trim() ?? "";
  if (query === "") return null;
  if (PHONE_LIKE.test(query)) {
    const digits = query.replace(/\D/g, "");
    if (digits === "") return { kind: "text", pattern: containsPattern(query) };
    const patterns = [containsPattern(digits)];
    const national = digits.replace(/^0+/, "");
    if (national !== digits && national.length >= 2) patterns.push(containsPattern(national));
    return { kind: "phone", patterns };
  }
  return { kind: "text", pattern: containsPattern(query) };
}

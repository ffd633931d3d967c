import { describe, expect, it } from "vitest";
import { DEFAULT_LIST_OPTIONS } from "./catalog.service";
import { buildTsQuery, parseSearch, quoteLexeme, termKey, termsToResolve, type ResolvedTerm } from "./search-query";

const words = (q: string) => parseSearch(q).clauses.map((c) => c.map((t) => `${t.negated ? "-" : ""}${t.phrase ? `"${t.text}"` : t.text}`));

describe("parseSearch", () => {
  it("splits words on anything but letters and digits, keeping inner hyphens, dots and apostrophes", () => {
    expect(words("Organic t-shirt, size 2.5!")).toEqual([["Organic"], ["t-shirt"], ["size"], ["2.5"]]);
    expect(words("chef's  knife")).toEqual([["chef's"], ["knife"]]);
    expect(words("café crème")).toEqual([["café"], ["crème"]]);
    expect(words("!!! & | ( ) :*")).toEqual([]);
  });

  it("reads websearch syntax: phrases, or, and a leading minus", () => {
    expect(words('"noise cancelling" headphones')).toEqual([['"noise cancelling"'], ["headphones"]]);
    expect(words("red or blue shirt")).toEqual([["red", "blue"], ["shirt"]]);
    expect(words("novel -paperback")).toEqual([["novel"], ["-paperback"]]);
    expect(words('book -"short stories"')).toEqual([["book"], ['-"short stories"']]);
    expect(words('"unterminated phrase')).toEqual([['"unterminated phrase"']]);
    // `or` at the edges or doubled is a word; a minus inside a word or alone is not an exclusion.
    expect(words("or book")).toEqual([["or"], ["book"]]);
    expect(words("book or")).toEqual([["book"], ["or"]]);
    expect(words("a - b")).toEqual([["a"], ["b"]]);
  });

  it("treats only the last term, when a plain word, as possibly unfinished", () => {
    expect(parseSearch("wireless headph").last?.text).toBe("headph");
    expect(parseSearch('headph "wireless"').last).toBeNull();
    expect(parseSearch("headph -wireless").last).toBeNull();
    expect(parseSearch("").last).toBeNull();
  });
});

const resolved = (entries: Record<string, Partial<ResolvedTerm>>) =>
  new Map(
    Object.entries(entries).map(([key, r]) => [
      key,
      { simple: "", english: "", lexemes: [], suggestions: [], completions: null, ...r } satisfies ResolvedTerm,
    ]),
  );

describe("termsToResolve", () => {
  it("flags unknown-word lookups only for plain words long enough, at most fuzzyMaxWords of them", () => {
    const parsed = parseSearch('tv hedphones -cheap "noise cancelling" keybaord mosue lampp');
    const lookups = termsToResolve(parsed, { ...DEFAULT_LIST_OPTIONS, fuzzyMaxWords: 3 });
    expect(lookups.filter((l) => l.fuzzy).map((l) => l.term.text)).toEqual(["hedphones", "keybaord", "mosue"]);
    expect(lookups.filter((l) => l.prefix).map((l) => l.term.text)).toEqual(["lampp"]);
    expect(termsToResolve(parseSearch("book book"), DEFAULT_LIST_OPTIONS)).toHaveLength(1);
    // Two letters are too few to complete.
    expect(termsToResolve(parseSearch("tv"), DEFAULT_LIST_OPTIONS)[0]?.prefix).toBe(false);
  });
});

describe("buildTsQuery", () => {
  it("ORs each word's forms, completions or prefix and suggestions, and ANDs the words", () => {
    const parsed = parseSearch("wirelss headph");
    const built = buildTsQuery(
      parsed,
      resolved({
        "w:wirelss": { simple: "'wirelss'", english: "'wirelss'", lexemes: ["wirelss"], suggestions: ["wireless"] },
        "w:headph": { simple: "'headph'", english: "'headph'", lexemes: ["headph"], completions: ["headphon", "headphones"] },
      }),
      DEFAULT_LIST_OPTIONS,
    );
    expect(built).toBe("( 'wirelss' | 'wireless' ) & ( 'headph' | 'headphon' | 'headphones' )");
  });

  it("falls back to word:* when the vocabulary has too many (or no) completions", () => {
    const built = buildTsQuery(parseSearch("hea"), resolved({ "w:hea": { simple: "'hea'", lexemes: ["hea"] } }), DEFAULT_LIST_OPTIONS);
    expect(built).toBe("( 'hea' | 'hea':* )");
  });

  it("keeps exclusions and phrases exact, and drops terms Postgres found no lexeme in", () => {
    const parsed = parseSearch('"noise cancelling" -paperback !!! the');
    const built = buildTsQuery(
      parsed,
      resolved({
        'p:noise cancelling': { simple: "'noise' <-> 'cancelling'", english: "'nois' <-> 'cancel'" },
        "w:paperback": { simple: "'paperback'", english: "'paperback'", lexemes: ["paperback"], suggestions: ["never"] },
        "w:the": { simple: "'the'", english: "", lexemes: ["the"] },
      }),
      { ...DEFAULT_LIST_OPTIONS, prefixMinLength: 10 },
    );
    expect(built).toBe("( 'noise' <-> 'cancelling' | 'nois' <-> 'cancel' ) & !( 'paperback' ) & ( 'the' )");
    const excluded = resolved({ "w:paperback": { simple: "'paperback'", completions: ["paperbacks"] } });
    expect(buildTsQuery(parseSearch("-paperback"), excluded, DEFAULT_LIST_OPTIONS)).toBe("!( 'paperback' )");
    expect(buildTsQuery(parseSearch("!!!"), resolved({}), DEFAULT_LIST_OPTIONS)).toBeNull();
  });

  it("quotes vocabulary words by tsquery's rules", () => {
    expect(quoteLexeme("it's")).toBe("'it''s'");
    expect(quoteLexeme("a\\b")).toBe("'a\\\\b'");
    expect(termKey({ text: "x", phrase: true, negated: false })).toBe("p:x");
  });
});

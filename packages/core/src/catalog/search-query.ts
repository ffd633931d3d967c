/**
 * The catalogue's search syntax, as `websearch_to_tsquery` reads it: words (all must match), "a phrase",
 * `or` between two terms, `-word` / `-"phrase"` to exclude. Parsed here rather than by Postgres because each
 * word becomes a group of alternatives (English stem, the word as written, a prefix for the last word, the
 * nearest catalogue words for a typo) that `websearch_to_tsquery` cannot express. Postgres still normalises
 * every word (product-search.repository.ts), so lexemes are exactly what the documents hold.
 */

export interface SearchTerm {
  /** A word, or the words of a phrase joined by spaces. */
  text: string;
  phrase: boolean;
  negated: boolean;
}

export interface ParsedSearch {
  /** Every clause must match; a clause matches when one of its terms (joined by `or`) does. */
  clauses: SearchTerm[][];
  /** The last term when it is a plain word someone may still be typing: matched as a prefix too. */
  last: SearchTerm | null;
}

// Letters, marks and digits, with inner hyphens, dots and apostrophes ("t-shirt", "v1.2", "chef's") kept in
// the word the way Postgres' parser keeps them; anything else separates words.
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’.-][\p{L}\p{M}\p{N}]+)*/uy;
const WORD_START = /[\p{L}\p{M}\p{N}]/u;
const WORDS = /[\p{L}\p{M}\p{N}]+(?:['’.-][\p{L}\p{M}\p{N}]+)*/gu;

export function parseSearch(q: string): ParsedSearch {
  const clauses: SearchTerm[][] = [];
  let negate = false;
  let or = false;
  let last: SearchTerm | null = null;

  const push = (term: SearchTerm) => {
    const previous = clauses.at(-1);
    if (or && previous) previous.push(term);
    else clauses.push([term]);
    or = false;
    negate = false;
    last = term;
  };

  let i = 0;
  while (i < q.length) {
    const ch = q[i]!;
    if (ch === '"') {
      const close = q.indexOf('"', i + 1);
      const inner = q.slice(i + 1, close === -1 ? q.length : close);
      const words = inner.match(WORDS) ?? [];
      if (words.length > 0) push({ text: words.join(" "), phrase: true, negated: negate });
      else negate = false;
      i = close === -1 ? q.length : close + 1;
      continue;
    }
    // A minus excludes only at the start of a term ("-red"); inside a word it is a hyphen ("t-shirt").
    if (ch === "-" && (i === 0 || /\s/u.test(q[i - 1]!)) && i + 1 < q.length && (q[i + 1] === '"' || WORD_START.test(q[i + 1]!))) {
      negate = true;
      i += 1;
      continue;
    }
    WORD.lastIndex = i;
    const match = WORD.exec(q);
    if (match) {
      const word = match[0];
      // `or` joins the terms on either side; at the very start, or doubled, it is an ordinary word.
      if (word.toLowerCase() === "or" && clauses.length > 0 && !or && !negate) or = true;
      else push({ text: word, phrase: false, negated: negate });
      i += word.length;
      continue;
    }
    negate = false;
    i += 1;
  }
  // A trailing `or` joined nothing: it was a word after all.
  if (or) {
    or = false;
    push({ text: "or", phrase: false, negated: false });
  }
  const lastTerm = last as SearchTerm | null;
  return { clauses, last: lastTerm && !lastTerm.phrase && !lastTerm.negated ? lastTerm : null };
}

/** What Postgres made of one term (product-search.repository.ts resolveSearchTerms). */
export interface ResolvedTerm {
  /** tsquery text in the 'simple' configuration (the word as written), '' when it has no lexeme. */
  simple: string;
  /** tsquery text in the 'english' configuration (stemmed, stop words dropped), possibly ''. */
  english: string;
  /** The term's 'simple' lexemes; one for an ordinary word. */
  lexemes: string[];
  /** Catalogue words close to a word no product contains (typo tolerance); usually []. */
  suggestions: string[];
  /** For the last word: the catalogue words it starts, when there are few; null: match it as `word:*`. */
  completions: string[] | null;
}

export interface SearchTuning {
  /** The last word is also matched as a prefix from this many characters on ("hea" finds "headphones"). */
  prefixMinLength: number;
  /** Only words this long or longer are looked up in the vocabulary when unknown. */
  fuzzyMinLength: number;
  /** Longer words are never looked up (and never match a vocabulary entry, which is at most 40). */
  fuzzyMaxLength: number;
  /** At most this many unknown words of one search are looked up. */
  fuzzyMaxWords: number;
}

export const termKey = (term: SearchTerm) => `${term.phrase ? "p" : "w"}:${term.text}`;

/** Whether the last word is long enough to be matched as a prefix. */
function prefixable(parsed: ParsedSearch, term: SearchTerm, tuning: SearchTuning): boolean {
  return term === parsed.last && [...term.text].length >= tuning.prefixMinLength;
}

/**
 * The distinct terms to resolve, each flagged when an unknown word may be replaced by its nearest words
 * (`fuzzy`) and when it is the last word, to be completed (`prefix`).
 */
export function termsToResolve(
  parsed: ParsedSearch,
  tuning: SearchTuning,
): { term: SearchTerm; fuzzy: boolean; prefix: boolean }[] {
  const out = new Map<string, { term: SearchTerm; fuzzy: boolean; prefix: boolean }>();
  let fuzzyLeft = tuning.fuzzyMaxWords;
  for (const term of parsed.clauses.flat()) {
    const key = termKey(term);
    const length = [...term.text].length;
    const fuzzy =
      !term.phrase &&
      !term.negated &&
      fuzzyLeft > 0 &&
      length >= tuning.fuzzyMinLength &&
      length <= tuning.fuzzyMaxLength &&
      /\p{L}/u.test(term.text);
    const prefix = prefixable(parsed, term, tuning);
    const seen = out.get(key);
    if (seen) {
      seen.prefix ||= prefix;
      if (fuzzy && !seen.fuzzy) {
        seen.fuzzy = true;
        fuzzyLeft -= 1;
      }
      continue;
    }
    if (fuzzy) fuzzyLeft -= 1;
    out.set(key, { term, fuzzy, prefix });
  }
  return [...out.values()];
}

/** A lexeme as a tsquery operand: quoted, with the quote doubled and backslashes escaped (tsquery input rules). */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * The tsquery text for a parsed search, given what Postgres resolved for each of its terms (by termKey); null
 * when nothing in q can match anything (an empty answer).
 */
export function buildTsQuery(parsed: ParsedSearch, resolved: Map<string, ResolvedTerm>, tuning: SearchTuning): string | null {
  const clauses: string[] = [];
  for (const clause of parsed.clauses) {
    const terms: string[] = [];
    for (const term of clause) {
      const r = resolved.get(termKey(term));
      if (!r) continue;
      let alternatives = [r.simple, r.english].filter((t) => t !== "");
      if (alternatives.length === 0) continue; // nothing Postgres would index, e.g. a lone stop word mark
      if (!term.negated) {
        const lexeme = r.lexemes.length === 1 ? r.lexemes[0]! : null;
        if (lexeme && prefixable(parsed, term, tuning)) {
          if (r.completions) alternatives.push(...r.completions.map(quoteLexeme));
          else alternatives.push(`${quoteLexeme(lexeme)}:*`);
        }
        for (const suggestion of r.suggestions) alternatives.push(quoteLexeme(suggestion));
      }
      // Each alternative once: the stem is often the word itself, a completion often a suggestion.
      alternatives = [...new Set(alternatives)];
      const group = `( ${alternatives.join(" | ")} )`;
      terms.push(term.negated ? `!${group}` : group);
    }
    if (terms.length > 0) clauses.push(terms.length === 1 ? terms[0]! : `( ${terms.join(" | ")} )`);
  }
  return clauses.length > 0 ? clauses.join(" & ") : null;
}

import { Prisma, type Db } from "@shop/db";
import type { ResolvedTerm, SearchTerm } from "./search-query";

export interface TermLookup {
  term: SearchTerm;
  /** Look the word up in search_terms and, when no product contains it, return its nearest words. */
  fuzzy: boolean;
  /** The word may be unfinished: return the vocabulary words it starts (up to SuggestionTuning.completions). */
  prefix: boolean;
}

export interface SuggestionTuning {
  /** Nearest words per unknown word. */
  suggestions: number;
  /**
   * Minimum pg_trgm similarity (0..1) of a suggestion. The index only finds candidates above the server's
   * pg_trgm.similarity_threshold (0.3 unless changed), so values below it act as that threshold.
   */
  similarity: number;
  /**
   * Only words this close to the best one are kept ("hedphones": headphones 0.62 stays, phones 0.42 does not,
   * with 0.1), so a typo is read as one word, not as every word sharing a few letters with it.
   */
  suggestionMargin: number;
  /**
   * A prefix is expanded to at most this many vocabulary words, matched exactly (cheap on the GIN index); with
   * more (or none) the tsquery keeps `word:*`, which reads the whole posting list of every word it starts.
   */
  completions: number;
}

interface Row {
  ord: number;
  simple: string;
  english: string;
  lexemes: string[];
  suggestions: string[];
  completions: string[] | null;
}

const likePrefix = (text: string) => `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Every term of a search through Postgres' own text search in ONE statement: its 'simple' and 'english'
 * tsquery forms and lexemes; for the words flagged `fuzzy` that no document contains (neither as written nor
 * stemmed, nor as the start of one for the `prefix` word), the nearest entries of the search_terms vocabulary
 * by trigram similarity; for the `prefix` word, the vocabulary words it starts. Both lookups use search_terms' trigram GIN index. Each term is a constant of
 * its own SELECT so the planner sees the word when it picks the index.
 */
export async function resolveSearchTerms(
  db: Db,
  lookups: readonly TermLookup[],
  tuning: SuggestionTuning,
): Promise<ResolvedTerm[]> {
  if (lookups.length === 0) return [];
  const selects = lookups.map(({ term, fuzzy, prefix }, ord) => {
    const text = term.text;
    const simple = term.phrase ? Prisma.sql`phraseto_tsquery('simple', ${text})` : Prisma.sql`plainto_tsquery('simple', ${text})`;
    const english = term.phrase ? Prisma.sql`phraseto_tsquery('english', ${text})` : Prisma.sql`plainto_tsquery('english', ${text})`;
    // Known: some document holds the word (as written or stemmed), or, for the last word, a word it starts.
    const known = Prisma.sql`EXISTS (
        SELECT 1 FROM search_terms t
        WHERE t.term = ANY (tsvector_to_array(to_tsvector('simple', ${text}) || to_tsvector('english', ${text})))
      )${prefix ? Prisma.sql` OR EXISTS (SELECT 1 FROM search_terms t WHERE t.term LIKE ${likePrefix(text)})` : Prisma.empty}`;
    const suggestions = fuzzy
      ? Prisma.sql`CASE WHEN ${known} THEN ARRAY[]::text[]
          ELSE ARRAY(
            -- The nearest words, each with its English stem (the form descriptions are indexed in).
            SELECT DISTINCT l FROM (
              SELECT t.term, similarity(t.term, lower(${text})) AS sim, max(similarity(t.term, lower(${text}))) OVER () AS best
              FROM search_terms t
              WHERE t.term % lower(${text}) AND similarity(t.term, lower(${text})) >= ${tuning.similarity}::real
              ORDER BY sim DESC, t.term
              LIMIT ${tuning.suggestions}::int
            ) near
            CROSS JOIN LATERAL unnest(ARRAY[near.term] || tsvector_to_array(to_tsvector('english', near.term))) AS l
            WHERE near.sim >= near.best - ${tuning.suggestionMargin}::real
          ) END`
      : Prisma.sql`ARRAY[]::text[]`;
    // One more than asked for, to tell "all of them" from "too many" (shortest words first).
    const completions = prefix
      ? Prisma.sql`ARRAY(
          SELECT t.term FROM search_terms t WHERE t.term LIKE ${likePrefix(text)}
          ORDER BY length(t.term), t.term LIMIT ${tuning.completions + 1}::int
        )`
      : Prisma.sql`NULL::text[]`;
    return Prisma.sql`SELECT ${ord}::int AS ord, ${simple}::text AS simple, ${english}::text AS english,
      tsvector_to_array(to_tsvector('simple', ${text})) AS lexemes, ${suggestions} AS suggestions,
      ${completions} AS completions`;
  });
  const rows = await db.$queryRaw<Row[]>`${Prisma.join(selects, " UNION ALL ")}`;
  const byOrd = new Map(rows.map((r) => [r.ord, r]));
  return lookups.map((_, ord) => {
    const r = byOrd.get(ord);
    const completions = r?.completions ?? null;
    return {
      simple: r?.simple ?? "",
      english: r?.english ?? "",
      lexemes: r?.lexemes ?? [],
      suggestions: r?.suggestions ?? [],
      completions: completions && completions.length > 0 && completions.length <= tuning.completions ? completions : null,
    };
  });
}

/** The largest Postgres integer: prices, stock, totals and scores are int4 columns. */
export const MAX_INT4 = 2_147_483_647;

/**
 * The shipped forecast files (src/forecasts/data/*.json), each one forecaster's dated claims.
 * Empty here: the verified data arrives from its own branch and replaces this file at merge.
 */
export const forecastFiles: readonly unknown[] = [];

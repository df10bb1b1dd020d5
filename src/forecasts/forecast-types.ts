/** A forecast as the catalogue states it: a date by which, a median with an interval, or a probability by a date. */
export type ForecastKind = 'date' | 'median' | 'probability';

export interface Publication {
  id: string;
  title: string;
  url: string;
  /** YYYY-MM-DD */
  published: string;
}

export interface Forecast {
  id: string;
  signpost: string;
  kind: ForecastKind;
  /** date: reached by; median: the median date; probability: the by-date. YYYY-MM-DD. */
  date: string;
  /** median only: the interval's ends and its coverage (0.8 for 80%). */
  low?: string;
  high?: string;
  interval?: number;
  /** probability only: the chance it is reached by `date`. */
  probability?: number;
  /** When the forecast was made. */
  made: string;
  /** The id of one of its forecaster's publications. */
  publication: string;
  quote?: string;
  /** Not yet checked against its source: shown marked, never scored on the leaderboard. */
  provisional: boolean;
  note?: string;
}

export interface Forecaster {
  forecaster: string;
  name: string;
  publications: Publication[];
  forecasts: Forecast[];
}

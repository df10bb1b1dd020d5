import type { Kysely } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-analysis-and-ledger.js';
import * as m0003 from './0003-alerts.js';
import * as m0004 from './0004-index-and-leaderboards.js';
import * as m0005 from './0005-snapshot-indexes.js';
import * as m0006 from './0006-source-fetches.js';
import * as m0007 from './0007-job-run-owner.js';
import * as m0008 from './0008-source-first-success.js';
import * as m0009 from './0009-ledger-anomalies.js';
import * as m0010 from './0010-email-sends.js';
import * as m0011 from './0011-eval-runs.js';
import * as m0012 from './0012-analysis-filtered.js';
import * as m0013 from './0013-event-search.js';
import * as m0014 from './0014-reviews.js';
import * as m0015 from './0015-llm-batches.js';
import * as m0016 from './0016-search-source.js';
import * as m0017 from './0017-signpost-readings.js';
import * as m0018 from './0018-current-analysis-index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export type Migration = { name: string; up: (db: Kysely<any>) => Promise<void> };

/** Append-only. The schema version stored in the database is this list's length. */
export const migrations: Migration[] = [
  { name: '0001-initial', up: m0001.up },
  { name: '0002-analysis-and-ledger', up: m0002.up },
  { name: '0003-alerts', up: m0003.up },
  { name: '0004-index-and-leaderboards', up: m0004.up },
  { name: '0005-snapshot-indexes', up: m0005.up },
  { name: '0006-source-fetches', up: m0006.up },
  { name: '0007-job-run-owner', up: m0007.up },
  { name: '0008-source-first-success', up: m0008.up },
  { name: '0009-ledger-anomalies', up: m0009.up },
  { name: '0010-email-sends', up: m0010.up },
  { name: '0011-eval-runs', up: m0011.up },
  { name: '0012-analysis-filtered', up: m0012.up },
  { name: '0013-event-search', up: m0013.up },
  { name: '0014-reviews', up: m0014.up },
  { name: '0015-llm-batches', up: m0015.up },
  { name: '0016-search-source', up: m0016.up },
  { name: '0017-signpost-readings', up: m0017.up },
  { name: '0018-current-analysis-index', up: m0018.up },
];

import { timed } from './measure.js';

/**
 * Cold start of `--version`, `budget`, `status` and `events list --limit 1` against `node -e ''`,
 * the five interleaved run by run so that the machine's load drifts over all of them alike.
 * `cli(...args)` runs the CLI against a database that holds events.
 */
export async function coldStart({ bin, cli, runs }) {
  const starts = { node: [], version: [], budget: [], status: [], eventsList: [] };
  for (let r = 0; r < runs; r++) {
    starts.node.push((await timed(process.execPath, ['-e', ''])).ms);
    starts.version.push((await timed(process.execPath, [bin, '--version'])).ms);
    starts.budget.push((await check(cli('budget'))).ms);
    // `status` exits 1 when it finds a problem (a cron probe): on a fresh bench record it may.
    starts.status.push((await check(cli('status'), [0, 1])).ms);
    starts.eventsList.push((await check(cli('events', 'list', '--limit', '1'))).ms);
  }
  return starts;
}

/** A start-up that fails is no figure at all: a crashing bundle would look fast. */
async function check(pending, codes = [0]) {
  const res = await pending;
  if (!codes.includes(res.code)) throw new Error(`the CLI exited ${res.code}: ${res.stderr}`);
  return res;
}

/** The commands timed, in the order bench output lists them; each ratio is against `node -e ''`. */
export const COLD_START_COMMANDS = {
  version: '--version',
  budget: 'budget',
  status: 'status',
  eventsList: 'events list --limit 1',
};

/** Each command's median against `node -e ''`'s, from coldStart's figures through stats(). */
export function coldStartRatios(ms) {
  return Object.fromEntries(Object.keys(COLD_START_COMMANDS).map((k) => [k, ms[k].median / ms.node.median]));
}

import { timed } from './measure.js';

/**
 * Cold start of `--version`, `budget` and `events list --limit 1` against `node -e ''`, the
 * four interleaved run by run so that the machine's load drifts over all of them alike.
 * `cli(...args)` runs the CLI against a database that holds events.
 */
export async function coldStart({ bin, cli, runs }) {
  const starts = { node: [], version: [], budget: [], eventsList: [] };
  for (let r = 0; r < runs; r++) {
    starts.node.push((await timed(process.execPath, ['-e', ''])).ms);
    starts.version.push((await timed(process.execPath, [bin, '--version'])).ms);
    starts.budget.push((await check(cli('budget'))).ms);
    starts.eventsList.push((await check(cli('events', 'list', '--limit', '1'))).ms);
  }
  return starts;
}

/** A start-up that fails is no figure at all: a crashing bundle would look fast. */
async function check(pending) {
  const res = await pending;
  if (res.code !== 0) throw new Error(`the CLI exited ${res.code}: ${res.stderr}`);
  return res;
}

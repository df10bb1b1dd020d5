import { day, type LeaderboardAdapter, num, RowLog, type TableRead } from './adapter.js';
import { cleanName, csvTable } from './csv-columns.js';

/** Power in MW → the signposts' GW. */
const MW_TO_GW = 1 / 1000;

/** Reads one row's power: skipped (with why) when absent, zero or dated after the fetch. */
function readPower(
  log: RowLog,
  row: number,
  name: string,
  mw: string | undefined,
  date: string | null,
  today: string,
): void {
  const power = num(mw);
  if (!name) log.skip(row, 'no name');
  else if (power === null) log.skip(row, 'no power figure');
  else if (power <= 0) log.skip(row, `${mw} MW: no power in operation`);
  else if (date !== null && date > today) log.skip(row, `dated ${date}: a projection, after the fetch`);
  else log.add(name, power, date);
}

/**
 * Epoch AI's GPU clusters (epoch.ai/data/gpu_clusters.csv): `Name`, `Status`, `Power Capacity
 * (MW)`, `First Operational Date`. Clusters that exist (or existed: decommissioned ones
 * count for their day) are read; planned ones are not evidence of anything built yet.
 */
export const epochGpuClusters: LeaderboardAdapter = {
  id: 'epoch-gpu-clusters',
  benchmark: 'Epoch AI GPU clusters (power)',
  board: 'epoch-gpu-clusters',
  signposts: ['dc_power_1gw', 'dc_power_10gw'],
  scale: MW_TO_GW,
  unit: 'GW',
  read({ text, now }): TableRead {
    const table = csvTable(this.id, text);
    const name = table.column(['Name']);
    const status = table.column(['Status']);
    const power = table.column(['Power Capacity (MW)']);
    const date = table.column(['First Operational Date']);
    const today = now.toISOString().slice(0, 10);
    const log = new RowLog();
    table.records.forEach((r, i) => {
      const state = (r[status] ?? '').trim();
      const operational = day(r[date]);
      if (!/^(existing|decommissioned)$/i.test(state))
        log.skip(i + 1, `status "${state || 'blank'}": not in operation`);
      else if (operational === null) log.skip(i + 1, 'no first operational date');
      else readPower(log, i + 1, cleanName(r[name]), r[power], operational, today);
    });
    return log.result();
  },
};

/**
 * Epoch AI's Frontier Data Centers: the timelines (epoch.ai/data/data_centers/
 * data_center_timelines.csv: `Date`, `Data center`, `Power (MW)`, with projected rows after
 * today, which are skipped), or the site table (`Name` or `Title`, `Current power (MW)`, undated).
 */
export const epochDataCenters: LeaderboardAdapter = {
  id: 'epoch-data-centers',
  benchmark: 'Epoch AI data centres (power)',
  board: 'epoch-data-centers',
  signposts: ['dc_power_1gw', 'dc_power_10gw'],
  scale: MW_TO_GW,
  unit: 'GW',
  read({ text, now }): TableRead {
    const table = csvTable(this.id, text);
    const today = now.toISOString().slice(0, 10);
    const log = new RowLog();
    const timeline = table.optional(['Data center']);
    if (timeline) {
      const date = table.column(['Date']);
      const power = table.column(['Power (MW)']);
      table.records.forEach((r, i) => {
        const dated = day(r[date]);
        if (dated === null) log.skip(i + 1, 'no date');
        else readPower(log, i + 1, cleanName(r[timeline]), r[power], dated, today);
      });
    } else {
      const name = table.column(['Name', 'Title']);
      const power = table.column(['Current power (MW)']);
      table.records.forEach((r, i) => readPower(log, i + 1, cleanName(r[name]), r[power], null, today));
    }
    return log.result();
  },
};

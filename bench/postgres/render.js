// bench/postgres.js's report as text: one Markdown table per part, SQLite and PostgreSQL side by
// side with the ratio, then the load average around the part (other work shares these cores).
import { fmt } from '../lib/measure.js';

const ms = (s) => `${fmt(s.median)} ms (${fmt(s.min)}–${fmt(s.max)})`;
const table = (rows) =>
  [
    '| figure | SQLite | PostgreSQL | PostgreSQL / SQLite |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
const load = (p) => `load average (1, 5, 15 min) ${p.load.before.join(', ')} before, ${p.load.after.join(', ')} after`;
const goal = (g) => `goal: ${g.text} — ${g.met ? 'met' : '**not met**'}`;

const PARTS = {
  ingest: (p) => [
    `### Ingest, ${p.items} items into an empty database`,
    table([
      ['wall time', ms(p.ms.sqlite), ms(p.ms.postgres), `${fmt(p.ms.postgres.median / p.ms.sqlite.median, 2)}×`],
      ['items/s', fmt(p.itemsPerSecond.sqlite), fmt(p.itemsPerSecond.postgres), `**${fmt(p.ratio, 2)}×**`],
    ]),
    goal(p.goal),
    ...(p.postgresStatements === undefined ? [] : [`PostgreSQL statements in one fetch: ${p.postgresStatements}`]),
  ],
  calls: (p) => [
    `### analyze bookkeeping, ${p.calls} calls, concurrency 1, no endpoint latency`,
    table([
      ['wall time', ms(p.ms.sqlite), ms(p.ms.postgres), `${fmt(p.ms.postgres.median / p.ms.sqlite.median, 2)}×`],
      [
        'per call beyond a bare fetch loop',
        `${fmt(p.perCallMs.sqlite, 2)} ms`,
        `**${fmt(p.perCallMs.postgres, 2)} ms**`,
        `${fmt(p.ratio, 2)}×`,
      ],
    ]),
    `bare fetch loop: ${ms(p.bareMs)}; ${goal(p.goal)}`,
    ...(p.postgresStatementsPerCall === undefined
      ? []
      : [`PostgreSQL statements per call (start-up spread over the calls): ${fmt(p.postgresStatementsPerCall, 1)}`]),
  ],
  race: (p) => [
    `### ${p.racers} racing analyze processes (--concurrency ${p.concurrency} each), ${p.events} events, ` +
      `endpoint latency ${p.latencyMs} ms`,
    table([
      ['wall time', ms(p.ms.sqlite), ms(p.ms.postgres), `${fmt(p.ms.postgres.median / p.ms.sqlite.median, 2)}×`],
      ['events/s', fmt(p.eventsPerSecond.sqlite), fmt(p.eventsPerSecond.postgres), `**${fmt(p.ratio, 2)}×**`],
    ]),
    'every event sent exactly once on both',
    ...(p.postgresStatementsPerEvent === undefined
      ? []
      : [`PostgreSQL statements per event: ${fmt(p.postgresStatementsPerEvent, 1)}`]),
  ],
  snapshot: (p) => [
    `### snapshot and digest over ${p.events} analysed events`,
    table(
      Object.entries(p.commands).map(([name, c]) => [
        `\`${name}\``,
        ms(c.sqlite),
        ms(c.postgres),
        `${fmt(c.ratio, 2)}×`,
      ]),
    ),
    `\`db copy\` of the record, SQLite → PostgreSQL: ${ms(p.copyMs)}`,
    ...Object.entries(p.commands)
      .filter(([, c]) => c.postgresStatements !== undefined)
      .map(([name, c]) => `PostgreSQL statements in \`${name}\`: ${c.postgresStatements}`),
  ],
  dedupe: (p) => [
    `### dedupe-check over ${p.events} events`,
    table([['wall time', ms(p.ms.sqlite), ms(p.ms.postgres), `**${fmt(p.ratio, 2)}×**`]]),
    `\`db copy\` of the record, SQLite → PostgreSQL: ${fmt(p.copyMs)} ms (1 run); the same report on both`,
    ...(p.postgresStatements === undefined
      ? []
      : [`PostgreSQL statements in one dedupe-check: ${p.postgresStatements}`]),
  ],
};

export function renderReport(r) {
  const lines = [
    `agi-tracker on SQLite and PostgreSQL — ${r.date}, ${r.machine.cpus} × ${r.machine.cpu}, Node ${r.node}, ` +
      `size ${r.size}, medians of ${r.runs} run(s) (min–max); PostgreSQL: ${r.postgres}`,
  ];
  for (const [name, p] of Object.entries(r.parts)) lines.push('', renderPart(name, p));
  return `${lines.join('\n')}\n`;
}

/** One part's table, goal and load average (also logged as each part ends, for long runs). */
export const renderPart = (name, p) => [...PARTS[name](p), load(p)].join('\n');

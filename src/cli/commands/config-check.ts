import { describeConfig } from '../../config/load-config.js';
import { ExitCode } from '../../core/errors.js';
import type { CommandContext } from '../context.js';
import { renderTable } from '../render/table.js';

/** Loading the config already validated it (an invalid one exits 2 before we get here). */
export async function configCheckCommand(ctx: CommandContext): Promise<number> {
  const rows = describeConfig(ctx.loaded);
  if (ctx.io.json) {
    ctx.io.out(JSON.stringify({ file: ctx.loaded.file, valid: true, values: rows }));
  } else {
    ctx.io.out(`config file: ${ctx.loaded.file ?? '(none; built-in defaults)'}`);
    ctx.io.out(
      renderTable(
        ['key', 'value', 'from'],
        rows.map((r) => [r.key, String(r.value), r.origin]),
        ctx.io.color,
      ),
    );
    ctx.io.out('config is valid');
  }
  return ExitCode.ok;
}

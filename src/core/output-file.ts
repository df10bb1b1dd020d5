import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError, errorMessage } from './errors.js';

/**
 * A file the user names as output: its folder must exist and it must not be a folder.
 * Checked before any work, so a typo never costs a lock, a call or a half-done job.
 */
export function checkOutputPath(path: string, label: string): void {
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new AppError('usage', `${label} folder does not exist: ${dir}`);
  if (existsSync(path) && statSync(path).isDirectory())
    throw new AppError('usage', `${label} target is a folder: ${path}`);
}

/**
 * Writes beside the target (`write` gets that path), then renames over it: the target is
 * either the previous file or the complete new one, never half a file.
 */
export async function replaceAtomically(path: string, write: (partial: string) => void | Promise<void>): Promise<void> {
  const partial = `${path}.partial-${process.pid}`;
  try {
    await write(partial);
    renameSync(partial, path);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

export async function writeFileAtomically(path: string, text: string): Promise<void> {
  try {
    await replaceAtomically(path, (partial) => writeFileSync(partial, text));
  } catch (err) {
    throw new AppError('io', `cannot write ${path}: ${errorMessage(err)}`);
  }
}

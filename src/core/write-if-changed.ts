import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomically } from './output-file.js';

/**
 * Writes the file (atomically, making its folder) only when its bytes differ from what is
 * there: an unchanged page keeps its modification time, so a sync or deploy skips it.
 * Returns whether it wrote.
 */
export async function writeIfChanged(path: string, text: string): Promise<boolean> {
  const bytes = Buffer.from(text);
  if (existsSync(path) && readFileSync(path).equals(bytes)) return false;
  mkdirSync(dirname(path), { recursive: true });
  await writeFileAtomically(path, text);
  return true;
}

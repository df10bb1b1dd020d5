import { unzipSync } from 'fflate';

/** A ZIP member is refused above this size uncompressed: a small archive may inflate to gigabytes. */
export const MAX_MEMBER_BYTES = 64 * 1024 * 1024;

/** A ZIP archive starts with a local file header ("PK\3\4"), or "PK\5\6" when empty. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/**
 * One member of a ZIP archive, by its path inside it (e.g. "gpqa_diamond.csv"); throws a
 * one-line error naming what the archive holds when the member is missing or too large.
 */
export function zipMember(bytes: Uint8Array, member: string, maxBytes = MAX_MEMBER_BYTES): Uint8Array {
  const names: string[] = [];
  let tooLarge: number | null = null;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        if (file.name !== member) return false;
        if (file.originalSize > maxBytes) {
          tooLarge = file.originalSize;
          return false;
        }
        return true;
      },
    });
  } catch (err) {
    throw new Error(`not a readable ZIP archive (${err instanceof Error ? err.message : String(err)})`);
  }
  if (tooLarge !== null)
    throw new Error(`ZIP member "${member}" is ${tooLarge} bytes uncompressed, over the ${maxBytes}-byte cap`);
  const found = files[member];
  if (!found) {
    const shown = names.filter((n) => !n.endsWith('/')).slice(0, 8);
    const more = names.length > shown.length ? ', …' : '';
    throw new Error(`no member "${member}" in the ZIP archive (it holds ${shown.join(', ')}${more})`);
  }
  if (found.length > maxBytes) throw new Error(`ZIP member "${member}" inflates past the ${maxBytes}-byte cap`);
  return found;
}

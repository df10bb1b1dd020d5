import { mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Headless Chromium's screenshot of a local page at `width` × `height`, written to `png`. */
export function screenshot(chromium, page, png, width, height) {
  const profile = mkdtempSync(join(tmpdir(), 'agi-tracker-chromium-'));
  const res = spawnSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      `--window-size=${width},${height}`,
      `--screenshot=${png}`,
      pathToFileURL(page).href,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (res.status !== 0) throw new Error(`chromium exited ${res.status}: ${res.stderr}`);
}

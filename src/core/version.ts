import { packageManifest } from './package-files.js';

/** The package version, from the package.json at the package root (read once). */
export function version(): string {
  return packageManifest().version;
}

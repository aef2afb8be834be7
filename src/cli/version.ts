/** The tool's name and version, read from the package's package.json (in the sources or in dist/). */
import { readFileSync } from 'node:fs';

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
}

let cached: ToolInfo | undefined;

/** Walks up from this module to the package.json named `sesphr` (src/cli/ or dist/src/cli/). */
export function toolInfo(): ToolInfo {
  if (cached) return cached;
  for (let up = 2; up <= 4; up++) {
    const url = new URL(`${'../'.repeat(up)}package.json`, import.meta.url);
    try {
      const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'sesphr' && typeof pkg.version === 'string') {
        cached = { name: pkg.name, version: pkg.version };
        return cached;
      }
    } catch {
      // not there (or not ours): keep walking
    }
  }
  throw new Error('cannot find the package.json of sesphr');
}

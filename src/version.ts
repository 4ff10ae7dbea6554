import { existsSync, readFileSync } from 'node:fs';

/**
 * fleetpipe's own version, from its package.json: one level above src/ when run
 * from source, one or two above lib/ (entry or chunk) when run from the bundle.
 */
function readVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    const url = new URL(rel, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version: string };
    if (pkg.name === 'fleetpipe') return pkg.version;
  }
  throw new Error('fleetpipe cannot find its own package.json');
}

export const FleetpipeVersion: string = readVersion();

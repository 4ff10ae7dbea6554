import { readFileSync } from 'node:fs';

/** fleetpipe's own version, from package.json (src/ and lib/ both sit one level below it). */
export const FleetpipeVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * Compiles src/ to lib/ once, so tests can run the real `bin/fleetpipe.js`.
 * Type errors do not stop the emit (`npm run typecheck` reports them); only a
 * compiler that could not run fails the setup.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.error || !existsSync(path.join(root, 'lib', 'cli', 'main.js'))) {
    throw new Error(`compiling src/ to lib/ failed:\n${result.stdout}${result.stderr}${result.error ?? ''}`);
  }
}

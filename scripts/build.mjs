/**
 * Builds lib/ for `bin/fleetpipe.js`: one ES module bundle per entry, split at
 * dynamic imports so each command loads only what it uses (the fast path of
 * `fleetpipe build` loads neither the YAML parser, zod, esbuild nor the zip
 * compressor; `fleetpipe build` never loads the local cloud). A bundle starts
 * faster than hundreds of separate modules. Type checking is `npm run typecheck`.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
rmSync(path.join(root, 'lib'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { fleetpipe: 'src/cli/main.ts', 'local-cloud': 'src/local-cloud/index.ts' },
  outdir: 'lib',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // esbuild is a native binary package, and the AWS SDK is large and only used by the local cloud's
  // CloudFormation providers: both are loaded from node_modules at run time.
  external: ['esbuild', '@aws-sdk/*', '@smithy/*'],
  // Bundled CommonJS dependencies (commander) call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __fleetpipeRequire } from 'node:module';\nconst require = __fleetpipeRequire(import.meta.url);",
  },
  legalComments: 'linked',
  logLevel: 'warning',
});

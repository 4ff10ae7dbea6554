/**
 * The files every function process shares, written once per engine under `<workDir>/runtime`:
 * the two bootstraps, the ESM resolve hook, and a curated `node_modules` that links only the AWS SDK
 * for JavaScript v3 (`@aws-sdk`, `@smithy`, `@aws-crypto`) from fleetpipe's own install — what AWS's
 * managed Node.js runtime offers, and nothing else of fleetpipe's dependencies.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { NODE_BOOTSTRAP_SOURCE, NODE_SDK_HOOKS_SOURCE } from './node-bootstrap.js';
import { PYTHON_BOOTSTRAP_SOURCE } from './python-bootstrap.js';

/** Package scopes of the SDK that handlers may import without bundling them. */
export const SDK_SCOPES: readonly string[] = ['@aws-sdk', '@smithy', '@aws-crypto'];

export interface RuntimeFiles {
  /** The engine's work dir (removed at shutdown when the engine created it). */
  root: string;
  /** `LAMBDA_RUNTIME_DIR`: the bootstraps. */
  runtimeDir: string;
  nodeBootstrap: string;
  pythonBootstrap: string;
  /** The curated node_modules, when the SDK was found. */
  sdkNodeModules: string | undefined;
  /** Per-process temp dirs go under it. */
  sandboxesDir: string;
  remove(): Promise<void>;
}

/** The `node_modules` directory fleetpipe's `@aws-sdk/client-sts` is installed in, if any. */
export function findSdkNodeModules(): string | undefined {
  let file: string;
  try {
    file = createRequire(import.meta.url).resolve('@aws-sdk/client-sts/package.json');
  } catch {
    return undefined;
  }
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (basename(dir) === 'node_modules') return dir;
  }
  return undefined;
}

export async function prepareRuntimeFiles(options: {
  workDir: string | undefined;
  sdkNodeModules: string | null | undefined;
}): Promise<RuntimeFiles> {
  const created = options.workDir === undefined;
  const root = options.workDir ?? (await mkdtemp(join(tmpdir(), 'fleetpipe-lambda-')));
  const runtimeDir = join(root, 'runtime');
  const sandboxesDir = join(root, 'sandboxes');
  await mkdir(runtimeDir, { recursive: true });
  await mkdir(sandboxesDir, { recursive: true });
  const nodeBootstrap = join(runtimeDir, 'bootstrap.mjs');
  const pythonBootstrap = join(runtimeDir, 'bootstrap.py');
  await writeFile(nodeBootstrap, NODE_BOOTSTRAP_SOURCE);
  await writeFile(join(runtimeDir, 'sdk-hooks.mjs'), NODE_SDK_HOOKS_SOURCE);
  await writeFile(pythonBootstrap, PYTHON_BOOTSTRAP_SOURCE);
  const source =
    options.sdkNodeModules === null ? undefined : (options.sdkNodeModules ?? findSdkNodeModules());
  let sdkNodeModules: string | undefined;
  if (source !== undefined) {
    sdkNodeModules = join(runtimeDir, 'node_modules');
    await mkdir(sdkNodeModules, { recursive: true });
    for (const scope of SDK_SCOPES) {
      const target = join(source, scope);
      const link = join(sdkNodeModules, scope);
      if (existsSync(target) && !existsSync(link)) await symlink(target, link, 'junction');
    }
  }
  return {
    root,
    runtimeDir,
    nodeBootstrap,
    pythonBootstrap,
    sdkNodeModules,
    sandboxesDir,
    remove: async () => {
      const targets = created ? [root] : [runtimeDir, sandboxesDir];
      for (const target of targets) await rm(target, { recursive: true, force: true });
    },
  };
}

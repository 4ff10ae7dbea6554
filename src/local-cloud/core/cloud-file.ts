/**
 * What a local cloud keeps beside its StateStore, as small JSON files in the state directory:
 *
 * - `cloud.json`: written once, when the state directory is first used: the random seed the accounts'
 *   administrator keys derive from, and the resolved organization. Because it never changes, other
 *   processes (`fleetpipe local credentials`) may read it while the cloud runs.
 * - `endpoint.json`: where the cloud listens, rewritten at every start and removed at close.
 *
 * Both are written to a temporary file and renamed into place, so a reader never sees half a file.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LocalCloudError } from '../http/errors.js';
import type { OrganizationModel } from './organization.js';

export const CLOUD_FILE = 'cloud.json';
export const ENDPOINT_FILE = 'endpoint.json';

export interface CloudFile {
  version: 1;
  /** Hex; the administrator keys of every account derive from it. */
  seed: string;
  organization: OrganizationModel;
}

export interface EndpointFile {
  endpoint: string;
  httpsEndpoint?: string;
  region: string;
  /** The CA certificate clients must trust for `httpsEndpoint`. */
  caCertFile?: string;
}

function writeAtomic(file: string, value: unknown): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new LocalCloudError('LocalCloudStateCorrupt', `${file} is not valid JSON.`, {
      hint: 'Restore the file or remove the state directory to start a new cloud.',
    });
  }
}

export function readCloudFile(stateDir: string): CloudFile | undefined {
  const file = join(stateDir, CLOUD_FILE);
  const value = readJson(file) as Partial<CloudFile> | undefined;
  if (value === undefined) return undefined;
  if (value.version !== 1 || typeof value.seed !== 'string' || typeof value.organization !== 'object') {
    throw new LocalCloudError(
      'LocalCloudStateCorrupt',
      `${file} is not a local cloud file of a known version.`,
      {
        hint: 'Remove the state directory to start a new cloud, or use the fleetpipe version that created it.',
      },
    );
  }
  return value as CloudFile;
}

export function writeCloudFile(stateDir: string, cloud: CloudFile): void {
  writeAtomic(join(stateDir, CLOUD_FILE), cloud);
}

export function readEndpointFile(stateDir: string): EndpointFile | undefined {
  return readJson(join(stateDir, ENDPOINT_FILE)) as EndpointFile | undefined;
}

export function writeEndpointFile(stateDir: string, endpoint: EndpointFile): void {
  writeAtomic(join(stateDir, ENDPOINT_FILE), endpoint);
}

export function removeEndpointFile(stateDir: string): void {
  rmSync(join(stateDir, ENDPOINT_FILE), { force: true });
}

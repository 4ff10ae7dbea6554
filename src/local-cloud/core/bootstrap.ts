/**
 * The first thing a local cloud does with its state directory: reuse the organization and seed stored
 * there, or create them (a fresh random seed, the given or default organization).
 */
import { randomBytes } from 'node:crypto';
import { LocalCloudError } from '../http/errors.js';
import { readCloudFile, writeCloudFile, type CloudFile } from './cloud-file.js';
import { DEFAULT_ORGANIZATION } from './default-org.js';
import type { OrganizationSpec } from './org-schema.js';
import { type OrganizationModel, resolveOrganization } from './organization.js';

function sameShape(a: OrganizationModel, b: OrganizationModel): boolean {
  return JSON.stringify({ ...a, createdAt: '' }) === JSON.stringify({ ...b, createdAt: '' });
}

export function openCloudFile(options: {
  stateDir: string;
  /** The organization asked for; undefined: the stored one, or the default for a new cloud. */
  spec: OrganizationSpec | undefined;
  now: Date;
  /** Random bytes for a new seed; crypto.randomBytes unless given. */
  random?: (size: number) => Buffer;
}): CloudFile {
  const stored = readCloudFile(options.stateDir);
  const createdAt = options.now.toISOString();
  if (stored) {
    if (options.spec && !sameShape(stored.organization, resolveOrganization(options.spec, { createdAt }))) {
      throw new LocalCloudError(
        'LocalCloudOrgMismatch',
        `The state directory ${options.stateDir} holds a different organization than the one given.`,
        {
          hint: 'Start without --org to keep the stored organization, or use a new --state-dir for the new one.',
        },
      );
    }
    return stored;
  }
  const cloud: CloudFile = {
    version: 1,
    seed: (options.random ?? randomBytes)(32).toString('hex'),
    organization: resolveOrganization(options.spec ?? DEFAULT_ORGANIZATION, { createdAt }),
  };
  writeCloudFile(options.stateDir, cloud);
  return cloud;
}

/**
 * An account's administrator credentials read from a state directory alone, with no server running:
 * the keys derive from the seed in `cloud.json`; where the cloud listens comes from `endpoint.json`.
 */
import { join } from 'node:path';
import { LocalCloudError } from '../http/errors.js';
import { TLS_FILES } from '../tls.js';
import { createAccountDirectory } from './accounts.js';
import { type EndpointFile, readCloudFile, readEndpointFile } from './cloud-file.js';
import { rootAccessKeyFor } from './ids.js';

export interface StoredCredentials {
  accountId: string;
  accountName: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Where the cloud last listened, when it is (or was) running. */
  endpoint?: EndpointFile;
  /** The CA certificate of the cloud's HTTPS endpoint (it exists once HTTPS was used). */
  caCertFile: string;
}

export function unknownAccountError(account: string, names: readonly string[]): LocalCloudError {
  return new LocalCloudError(
    'LocalCloudUnknownAccount',
    `The local organization has no account "${account}".`,
    {
      hint: `Use an account ID or one of these names: ${names.join(', ')}.`,
    },
  );
}

export function readStoredCredentials(options: { stateDir: string; account: string }): StoredCredentials {
  const cloud = readCloudFile(options.stateDir);
  if (!cloud) {
    throw new LocalCloudError('LocalCloudNoState', `${options.stateDir} holds no local cloud.`, {
      hint: `Start one with: fleetpipe local start --state-dir ${options.stateDir}`,
    });
  }
  const accounts = createAccountDirectory(cloud.organization);
  const account = accounts.find(options.account);
  if (!account)
    throw unknownAccountError(
      options.account,
      accounts.list().map((a) => a.name),
    );
  const key = rootAccessKeyFor(cloud.seed, account.id);
  return {
    accountId: account.id,
    accountName: account.name,
    accessKeyId: key.accessKeyId,
    secretAccessKey: key.secret,
    endpoint: readEndpointFile(options.stateDir),
    caCertFile: join(options.stateDir, 'tls', TLS_FILES.caCert),
  };
}

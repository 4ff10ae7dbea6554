import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccountDirectory } from '../../../src/local-cloud/core/accounts.js';
import { openCloudFile } from '../../../src/local-cloud/core/bootstrap.js';
import { readCloudFile } from '../../../src/local-cloud/core/cloud-file.js';
import { DEFAULT_ORGANIZATION } from '../../../src/local-cloud/core/default-org.js';
import { Identity, type NewSession } from '../../../src/local-cloud/core/identity.js';
import { resolveOrganization } from '../../../src/local-cloud/core/organization.js';
import { sessionsSlice } from '../../../src/local-cloud/core/sessions.js';
import { readStoredCredentials } from '../../../src/local-cloud/core/stored-credentials.js';
import { StateStore } from '../../../src/local-cloud/state/store.js';
import { makeTempDir } from './fixture.js';

const org = resolveOrganization(DEFAULT_ORGANIZATION, { createdAt: '2030-01-01T00:00:00.000Z' });
const accounts = createAccountDirectory(org);
const memoryStore = () => StateStore.open({ slices: [sessionsSlice] });

function session(overrides: Partial<NewSession> = {}): NewSession {
  return {
    issuedAt: '2030-01-01T00:00:00.000Z',
    expiresAt: '2030-01-01T01:00:00.000Z',
    accountId: '300000000001',
    roleArn: 'arn:aws:iam::300000000001:role/ci/Deploy',
    roleName: 'Deploy',
    roleId: 'AROAEXAMPLEEXAMPLE01',
    sessionName: 'pipeline',
    principalTags: { team: 'payments' },
    sessionTags: {},
    transitiveTagKeys: [],
    policyArns: [],
    chained: false,
    ...overrides,
  };
}

describe('administrator keys', () => {
  it('derive from the seed: same seed, same keys; another seed, other keys', () => {
    const a = new Identity({ seed: 'seed-one', accounts, store: memoryStore() });
    const b = new Identity({ seed: 'seed-one', accounts, store: memoryStore() });
    const c = new Identity({ seed: 'seed-two', accounts, store: memoryStore() });
    const keys = a.rootKeys('management')!;
    expect(keys.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(keys.secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(b.rootKeys('111111111111')).toEqual(keys);
    expect(c.rootKeys('management')!.accessKeyId).not.toBe(keys.accessKeyId);
    expect(a.rootKeys('tools')!.accessKeyId).not.toBe(keys.accessKeyId);
    expect(a.rootKeys('nobody')).toBeUndefined();
  });

  it('look up as the account root, with the organization keys', () => {
    const identity = new Identity({ seed: 's', accounts, store: memoryStore() });
    const record = identity.lookup(identity.rootKeys('prod-eu-orders')!.accessKeyId)!;
    expect(record.expiresAt).toBeUndefined();
    expect(record.principal).toEqual({
      type: 'Root',
      arn: 'arn:aws:iam::300000000011:root',
      accountId: '300000000011',
      orgId: org.id,
      orgPaths: [accounts.find('prod-eu-orders')!.orgPath],
      userId: '300000000011',
    });
    expect(identity.lookup('AKIANOSUCHKEY0000000')).toBeUndefined();
  });
});

describe('role sessions', () => {
  it('get random ASIA keys and look up as the assumed role, with expiry and tags', () => {
    let n = 0;
    const identity = new Identity({
      seed: 's',
      accounts,
      store: memoryStore(),
      random: (size) => Buffer.alloc(size, ++n),
    });
    const one = identity.issueSession(session());
    const two = identity.issueSession(session({ sessionName: 'other' }));
    expect(one.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(one.accessKeyId).not.toBe(two.accessKeyId);
    expect(one.sessionToken.length).toBeGreaterThan(60);
    const record = identity.lookup(one.accessKeyId)!;
    expect(record.sessionToken).toBe(one.sessionToken);
    expect(record.expiresAt).toEqual(new Date('2030-01-01T01:00:00.000Z'));
    expect(record.principal).toMatchObject({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::300000000001:assumed-role/Deploy/pipeline',
      roleArn: 'arn:aws:iam::300000000001:role/ci/Deploy',
      userId: 'AROAEXAMPLEEXAMPLE01:pipeline',
      tags: { team: 'payments' },
      orgId: org.id,
    });
  });

  it('are pruned twelve hours after they expire, not before', () => {
    const store = memoryStore();
    const identity = new Identity({ seed: 's', accounts, store });
    const old = identity.issueSession(session());
    identity.issueSession(
      session({ issuedAt: '2030-01-01T12:59:00.000Z', expiresAt: '2030-01-01T13:59:00.000Z' }),
    );
    expect(identity.lookup(old.accessKeyId)).toBeDefined();
    identity.issueSession(
      session({ issuedAt: '2030-01-01T13:01:00.000Z', expiresAt: '2030-01-01T14:01:00.000Z' }),
    );
    expect(identity.lookup(old.accessKeyId)).toBeUndefined();
    expect(Object.keys(store.get(sessionsSlice).sessions)).toHaveLength(2);
  });
});

describe('the cloud file', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(() => dir.remove());

  it('keeps the seed and organization of a state directory', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const first = openCloudFile({
      stateDir: dir.path,
      spec: undefined,
      now,
      random: (n) => Buffer.alloc(n, 7),
    });
    expect(first.seed).toBe('07'.repeat(32));
    const again = openCloudFile({
      stateDir: dir.path,
      spec: undefined,
      now: new Date('2031-01-01T00:00:00Z'),
    });
    expect(again).toEqual(first);
    expect(readCloudFile(dir.path)).toEqual(first);
    expect(openCloudFile({ stateDir: dir.path, spec: DEFAULT_ORGANIZATION, now }).seed).toBe(first.seed);
  });

  it('refuses another organization for an existing state directory', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    openCloudFile({ stateDir: dir.path, spec: undefined, now });
    expect(() => openCloudFile({ stateDir: dir.path, spec: { accounts: [{ name: 'solo' }] }, now })).toThrow(
      expect.objectContaining({ code: 'LocalCloudOrgMismatch' }),
    );
  });

  it('gives the credentials of an account from the directory alone', () => {
    const cloud = openCloudFile({
      stateDir: dir.path,
      spec: undefined,
      now: new Date('2030-01-01T00:00:00Z'),
    });
    const identity = new Identity({ seed: cloud.seed, accounts, store: memoryStore() });
    const stored = readStoredCredentials({ stateDir: dir.path, account: 'tools' });
    expect(stored).toMatchObject({
      accountId: '222222222222',
      accountName: 'tools',
      ...identity.rootKeys('tools'),
    });
    expect(() => readStoredCredentials({ stateDir: dir.path, account: 'nobody' })).toThrow(
      expect.objectContaining({
        code: 'LocalCloudUnknownAccount',
        hint: expect.stringContaining('management, tools'),
      }),
    );
  });

  it('says when a directory holds no cloud', () => {
    expect(() => readStoredCredentials({ stateDir: dir.path, account: 'tools' })).toThrow(
      expect.objectContaining({ code: 'LocalCloudNoState' }),
    );
  });
});

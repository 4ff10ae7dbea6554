import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountDirectory } from '../../../src/local-cloud/core/accounts.js';
import { DEFAULT_ORGANIZATION } from '../../../src/local-cloud/core/default-org.js';
import { accountIdFromName } from '../../../src/local-cloud/core/ids.js';
import {
  loadOrganizationFile,
  parseOrganizationSpec,
  parseOrganizationYaml,
} from '../../../src/local-cloud/core/org-file.js';
import { resolveOrganization } from '../../../src/local-cloud/core/organization.js';
import { LocalCloudError } from '../../../src/local-cloud/http/errors.js';

const CREATED = '2030-01-01T00:00:00.000Z';

function errorOf(fn: () => unknown): LocalCloudError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LocalCloudError);
    return err as LocalCloudError;
  }
  throw new Error('expected an error');
}

describe('the default organization', () => {
  const org = resolveOrganization(DEFAULT_ORGANIZATION, { createdAt: CREATED });

  it('has management first, tools second and twelve workload accounts in dev/qa/prod OUs', () => {
    expect(org.accounts[0]).toMatchObject({ name: 'management', id: '111111111111' });
    expect(org.accounts[1]).toMatchObject({ name: 'tools', id: '222222222222', ouPath: 'infrastructure' });
    const workloads = org.accounts.slice(2);
    expect(workloads).toHaveLength(12);
    expect(new Set(workloads.map((a) => a.ouPath))).toEqual(
      new Set(['workloads/dev', 'workloads/qa', 'workloads/prod/us', 'workloads/prod/eu']),
    );
    for (const a of workloads) {
      expect(a.tags['environment']).toBe(a.ouPath.split('/')[1]);
      expect(['payments', 'orders', 'analytics']).toContain(a.tags['team']);
    }
    expect(org.managementAccountId).toBe('111111111111');
  });

  it('has AWS-shaped IDs, ARNs and org paths', () => {
    expect(org.id).toMatch(/^o-[a-z0-9]{10}$/);
    expect(org.rootId).toMatch(/^r-[a-z0-9]{4}$/);
    expect(org.arn).toBe(`arn:aws:organizations::111111111111:organization/${org.id}`);
    for (const u of org.organizationalUnits)
      expect(u.id).toMatch(new RegExp(`^ou-${org.rootId.slice(2)}-[a-z0-9]{8}$`));
    const eu = org.organizationalUnits.find((u) => u.path === 'workloads/prod/eu')!;
    const prod = org.organizationalUnits.find((u) => u.path === 'workloads/prod')!;
    const workloads = org.organizationalUnits.find((u) => u.path === 'workloads')!;
    expect(eu.parentId).toBe(prod.id);
    const euAccount = org.accounts.find((a) => a.name === 'prod-eu-payments')!;
    expect(euAccount.orgPath).toBe(`${org.id}/${org.rootId}/${workloads.id}/${prod.id}/${eu.id}/`);
    expect(euAccount.arn).toBe(`arn:aws:organizations::111111111111:account/${org.id}/${euAccount.id}`);
    expect(org.accounts[0]!.orgPath).toBe(`${org.id}/${org.rootId}/`);
    expect(org.accounts[0]!.joinedMethod).toBe('INVITED');
    expect(euAccount.joinedMethod).toBe('CREATED');
  });

  it('is deterministic', () => {
    expect(resolveOrganization(DEFAULT_ORGANIZATION, { createdAt: CREATED })).toEqual(org);
  });

  it('is addressable by ID or by name (any case) through the AccountDirectory', () => {
    const dir = createAccountDirectory(org);
    expect(dir.find('tools')?.id).toBe('222222222222');
    expect(dir.find('TOOLS')?.id).toBe('222222222222');
    expect(dir.find('300000000012')?.name).toBe('prod-eu-analytics');
    expect(dir.find('nobody')).toBeUndefined();
    expect(dir.organizationId).toBe(org.id);
    expect(dir.list()).toHaveLength(14);
  });
});

describe('org.yaml', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  const yaml = [
    'managementAccount: root-account',
    'accounts:',
    '  - name: root-account',
    '    id: "012345678901"',
    'organizationalUnits:',
    '  - name: apps',
    '    tags: { owner: platform }',
    '    accounts:',
    '      - name: app-one',
    '        tags: { team: one }',
    '    organizationalUnits:',
    '      - name: prod',
    '        accounts:',
    '          - name: app-prod',
    '            email: prod@corp.example',
    '',
  ].join('\n');

  it('reads accounts, nested OUs and tags; IDs not given derive from the name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetpipe-org-'));
    dirs.push(dir);
    const file = join(dir, 'org.yaml');
    await writeFile(file, yaml);
    const org = resolveOrganization(await loadOrganizationFile(file), { createdAt: CREATED });
    expect(org.managementAccountId).toBe('012345678901');
    expect(org.accounts.map((a) => [a.name, a.ouPath])).toEqual([
      ['root-account', ''],
      ['app-one', 'apps'],
      ['app-prod', 'apps/prod'],
    ]);
    const appOne = org.accounts[1]!;
    expect(appOne.id).toBe(accountIdFromName('app-one'));
    expect(appOne.id).toMatch(/^\d{12}$/);
    expect(appOne.tags).toEqual({ team: 'one' });
    expect(org.accounts[2]!.email).toBe('prod@corp.example');
    expect(org.organizationalUnits.find((u) => u.name === 'apps')!.tags).toEqual({ owner: 'platform' });
  });

  it('names the file, line, column and path of each problem, with a hint', () => {
    const bad = [
      'accounts:',
      '  - name: main',
      '    id: 12345',
      '    colour: blue',
      '  - name: MAIN',
      'managementAccount: nobody',
      '',
    ].join('\n');
    const err = errorOf(() => parseOrganizationYaml(bad, 'org.yaml'));
    expect(err.code).toBe('LocalCloudOrgInvalid');
    expect(err.message).toContain('org.yaml:3:9: accounts[0].id: an account ID is exactly 12 digits');
    expect(err.message).toContain('org.yaml:2:5: accounts[0]: Unrecognized key: "colour"');
    expect(err.message).toMatch(
      /org\.yaml:5:\d+: accounts\[1\]\.name: account name "MAIN" is used twice \(also at accounts\[0\]\)/,
    );
    expect(err.message).toContain('managementAccount: managementAccount "nobody" is not one of the accounts');
    expect(err.hint).toMatch(/organizationalUnits take name, tags, accounts/);
  });

  it('reports broken YAML with its position', () => {
    const err = errorOf(() => parseOrganizationYaml('accounts:\n  - name: a\n   bad: [\n', 'org.yaml'));
    expect(err.message).toMatch(/^org\.yaml:\d+:\d+: invalid YAML/);
  });

  it('rejects duplicate account IDs, names that look like IDs and an empty organization', () => {
    expect(
      errorOf(() =>
        parseOrganizationSpec({
          accounts: [
            { name: 'a', id: '111111111111' },
            { name: 'b', id: '111111111111' },
          ],
        }),
      ).message,
    ).toContain('accounts[1].id: account ID 111111111111 is used twice');
    expect(errorOf(() => parseOrganizationSpec({ accounts: [{ name: '123456789012' }] })).message).toContain(
      'must not look like an account ID',
    );
    expect(errorOf(() => parseOrganizationSpec({})).message).toContain('the organization has no accounts');
  });

  it('says when the file cannot be read', async () => {
    await expect(loadOrganizationFile('/nonexistent/org.yaml')).rejects.toMatchObject({
      code: 'LocalCloudOrgUnreadable',
    });
  });
});

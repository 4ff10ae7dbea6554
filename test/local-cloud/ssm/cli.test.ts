/**
 * The `aws ssm` CLI against the local Parameter Store, and parameters (SecureString included) surviving a
 * restart of the cloud.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runAws } from '../core/fixture.js';
import { type SsmCloud, startSsmCloud } from './harness.js';

let t: SsmCloud;
let home: Awaited<ReturnType<typeof makeTempDir>>;
let state: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  home = await makeTempDir();
  state = await makeTempDir('fleetpipe-ssm-state-');
  t = await startSsmCloud({ stateDir: state.path });
});
afterAll(async () => {
  await t.close();
  await home.remove();
  await state.remove();
});

function run(...args: string[]) {
  return runAws(['--endpoint-url', t.cloud.endpoint, '--output', 'json', 'ssm', ...args], {
    creds: t.root('management'),
    home: home.path,
  });
}

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const out = await run(...args);
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout);
}

describe('aws ssm', () => {
  it('puts, overwrites and gets parameters', async () => {
    expect(await aws('put-parameter', '--name', '/cli/color', '--value', 'blue', '--type', 'String')).toEqual(
      {
        Version: 1,
        Tier: 'Standard',
      },
    );
    const again = await run('put-parameter', '--name', '/cli/color', '--value', 'red', '--type', 'String');
    expect(again.code).toBe(255);
    expect(again.stderr).toContain(
      'An error occurred (ParameterAlreadyExists) when calling the PutParameter operation: The parameter already exists.',
    );
    await aws('put-parameter', '--name', '/cli/color', '--value', 'red', '--overwrite');
    const got = (await aws('get-parameter', '--name', '/cli/color')) as {
      Parameter: Record<string, unknown>;
    };
    expect(got.Parameter).toMatchObject({ Name: '/cli/color', Value: 'red', Version: 2, Type: 'String' });
    const first = (await aws('get-parameter', '--name', '/cli/color:1')) as {
      Parameter: Record<string, unknown>;
    };
    expect(first.Parameter).toMatchObject({ Value: 'blue', Selector: ':1' });
  });

  it('reads a hierarchy and reports a missing parameter as AWS does', async () => {
    await aws('put-parameter', '--name', '/cli/sizes', '--value', 's,m,l', '--type', 'StringList');
    const listed = (await aws('get-parameters-by-path', '--path', '/cli')) as {
      Parameters: { Name: string }[];
    };
    expect(listed.Parameters.map((p) => p.Name)).toEqual(['/cli/color', '/cli/sizes']);
    const missing = await run('get-parameter', '--name', '/cli/none');
    expect(missing.code).toBe(255);
    expect(missing.stderr.trim()).toBe(
      'An error occurred (ParameterNotFound) when calling the GetParameter operation:',
    );
  });

  it('keeps SecureString parameters across a restart, still decryptable', async () => {
    await aws('put-parameter', '--name', '/cli/secret', '--value', 's3cr3t', '--type', 'SecureString');
    await t.close();
    t = await startSsmCloud({ stateDir: state.path });
    const got = (await aws('get-parameter', '--name', '/cli/secret', '--with-decryption')) as {
      Parameter: { Value: string; Type: string };
    };
    expect(got.Parameter).toMatchObject({ Value: 's3cr3t', Type: 'SecureString' });
    const history = (await aws('get-parameter-history', '--name', '/cli/color')) as {
      Parameters: { Value: string }[];
    };
    expect(history.Parameters.map((p) => p.Value)).toEqual(['blue', 'red']);
  });
});

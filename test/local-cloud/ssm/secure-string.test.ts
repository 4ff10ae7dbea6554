/**
 * SecureString parameters: really encrypted with the local KMS (the state on disk never holds the
 * plaintext), under `alias/aws/ssm` or a named key, and readable decrypted only by callers the key
 * allows through SSM (`kms:Encrypt`/`kms:GenerateDataKey` to write, `kms:Decrypt` to read).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateKeyCommand, ListAliasesCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  PutParameterCommand,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, makeTempDir, rejection } from '../core/fixture.js';
import { ACCOUNT, policy, type SsmCloud, startSsmCloud } from './harness.js';

const SECRET = 'correct-horse-battery-staple';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const ssmOnly = policy({ Effect: 'Allow', Action: 'ssm:*', Resource: '*' });

describe('SecureString with the AWS managed key', () => {
  let t: SsmCloud;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let root: Credentials;

  beforeAll(async () => {
    dir = await makeTempDir('fleetpipe-ssm-');
    t = await startSsmCloud({ stateDir: dir.path });
    root = t.root('management');
  });
  afterAll(async () => {
    await t.close();
    await dir.remove();
  });

  it('stores ciphertext only, creates alias/aws/ssm, and decrypts on request', async () => {
    const ssm = t.ssm(root);
    await ssm.send(new PutParameterCommand({ Name: '/db/password', Value: SECRET, Type: 'SecureString' }));
    const files = await filesUnder(dir.path);
    const contents = await Promise.all(files.map((f) => readFile(f, 'utf8')));
    expect(contents.some((text) => text.includes('/db/password'))).toBe(true);
    expect(contents.some((text) => text.includes(SECRET))).toBe(false);

    const sealed = await ssm.send(new GetParameterCommand({ Name: '/db/password' }));
    expect(sealed.Parameter?.Type).toBe('SecureString');
    expect(sealed.Parameter?.Value).not.toContain(SECRET);
    expect(Buffer.from(sealed.Parameter!.Value!, 'base64').length).toBeGreaterThan(SECRET.length);
    const open = await ssm.send(new GetParameterCommand({ Name: '/db/password', WithDecryption: true }));
    expect(open.Parameter?.Value).toBe(SECRET);

    const described = await ssm.send(new DescribeParametersCommand({}));
    expect(described.Parameters?.[0]?.KeyId).toBe('alias/aws/ssm');
    const aliases = await t.kms(root).send(new ListAliasesCommand({}));
    expect(aliases.Aliases?.map((a) => a.AliasName)).toContain('alias/aws/ssm');
  });

  it('lets any principal of the account with SSM permissions use the managed key through SSM', async () => {
    const session = await t.session(root, { role: 'SsmOnly', account: ACCOUNT, policy: ssmOnly });
    const ssm = t.ssm(session);
    await ssm.send(new PutParameterCommand({ Name: '/db/token', Value: 'tkn', Type: 'SecureString' }));
    const out = await ssm.send(new GetParameterCommand({ Name: '/db/token', WithDecryption: true }));
    expect(out.Parameter?.Value).toBe('tkn');
  });
});

describe('SecureString with a customer managed key', () => {
  let t: SsmCloud;
  let root: Credentials;
  let keyArn: string;

  beforeAll(async () => {
    t = await startSsmCloud();
    root = t.root('management');
    const key = await t.kms(root).send(new CreateKeyCommand({ Description: 'ssm values' }));
    keyArn = key.KeyMetadata!.Arn!;
  });
  afterAll(() => t.close());

  it('needs kms:Encrypt on the key to write, and kms:Decrypt to read decrypted', async () => {
    const ssmRoleOnly = t.ssm(await t.session(root, { role: 'NoKms', account: ACCOUNT, policy: ssmOnly }));
    const put = await rejection(
      ssmRoleOnly.send(
        new PutParameterCommand({ Name: '/k/a', Value: SECRET, Type: 'SecureString', KeyId: keyArn }),
      ),
    );
    expect(put.name).toBe('AccessDeniedException');
    expect(put.message).toContain(`is not authorized to perform: kms:Encrypt on resource: ${keyArn}`);

    const writer = t.ssm(
      await t.session(root, {
        role: 'Writer',
        account: ACCOUNT,
        policy: policy(
          { Effect: 'Allow', Action: 'ssm:*', Resource: '*' },
          { Effect: 'Allow', Action: 'kms:Encrypt', Resource: keyArn },
        ),
      }),
    );
    await writer.send(
      new PutParameterCommand({ Name: '/k/a', Value: SECRET, Type: 'SecureString', KeyId: keyArn }),
    );
    const sealed = await writer.send(new GetParameterCommand({ Name: '/k/a' }));
    expect(sealed.Parameter?.Value).not.toBe(SECRET);
    const denied = await rejection(
      writer.send(new GetParameterCommand({ Name: '/k/a', WithDecryption: true })),
    );
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('kms:Decrypt');

    const reader = t.ssm(
      await t.session(root, {
        role: 'Reader',
        account: ACCOUNT,
        policy: policy(
          { Effect: 'Allow', Action: 'ssm:GetParameter*', Resource: '*' },
          {
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: keyArn,
            Condition: {
              StringEquals: {
                'kms:ViaService': 'ssm.us-east-1.amazonaws.com',
                'kms:EncryptionContext:PARAMETER_ARN': `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/k/a`,
              },
            },
          },
        ),
      }),
    );
    const open = await reader.send(new GetParameterCommand({ Name: '/k/a', WithDecryption: true }));
    expect(open.Parameter?.Value).toBe(SECRET);
    const history = await reader.send(new GetParameterHistoryCommand({ Name: '/k/a', WithDecryption: true }));
    expect(history.Parameters?.map((p) => [p.Value, p.KeyId])).toEqual([[SECRET, keyArn]]);
  });

  it("honours an explicit Deny in the key policy, even for the account's administrator", async () => {
    const ssm = t.ssm(root);
    await ssm.send(
      new PutParameterCommand({ Name: '/k/locked', Value: SECRET, Type: 'SecureString', KeyId: keyArn }),
    );
    await t.kms(root).send(
      new PutKeyPolicyCommand({
        KeyId: keyArn,
        PolicyName: 'default',
        Policy: JSON.stringify(
          policy(
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
              Action: 'kms:*',
              Resource: '*',
            },
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 'kms:Decrypt',
              Resource: '*',
              Condition: { StringEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } },
            },
          ),
        ),
      }),
    );
    const denied = await rejection(
      ssm.send(new GetParameterCommand({ Name: '/k/locked', WithDecryption: true })),
    );
    expect(denied.name).toBe('AccessDeniedException');
    expect((await ssm.send(new GetParameterCommand({ Name: '/k/locked' }))).Parameter?.Version).toBe(1);
  });

  it('needs kms:GenerateDataKey for advanced parameters, which AWS envelope-encrypts', async () => {
    const encryptOnly = t.ssm(
      await t.session(root, {
        role: 'EncryptOnly',
        account: ACCOUNT,
        policy: policy(
          { Effect: 'Allow', Action: 'ssm:*', Resource: '*' },
          { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' },
        ),
      }),
    );
    const input = {
      Name: '/k/adv',
      Value: SECRET,
      Type: 'SecureString' as const,
      KeyId: keyArn,
      Tier: 'Advanced' as const,
    };
    const err = await rejection(encryptOnly.send(new PutParameterCommand(input)));
    expect(err.message).toContain('kms:GenerateDataKey');
    await t.ssm(root).send(new PutParameterCommand(input));
  });

  it('answers InvalidKeyId for a key that does not exist and refuses KeyId on String parameters', async () => {
    const ssm = t.ssm(root);
    const missing = await rejection(
      ssm.send(
        new PutParameterCommand({ Name: '/k/x', Value: 'v', Type: 'SecureString', KeyId: 'alias/nope' }),
      ),
    );
    expect(missing.name).toBe('InvalidKeyId');
    const plain = await rejection(
      ssm.send(new PutParameterCommand({ Name: '/k/y', Value: 'v', Type: 'String', KeyId: keyArn })),
    );
    expect(plain.name).toBe('ValidationException');
  });
});

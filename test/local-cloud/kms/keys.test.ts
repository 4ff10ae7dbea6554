import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  type KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_A, ACCOUNT_B, type KmsHarness, sdkError, REGION, startKmsHarness } from './harness.js';

let h: KmsHarness;
let a: KMSClient;

beforeAll(async () => {
  h = await startKmsHarness();
  a = h.client('rootA');
});
afterAll(() => h.close());

async function newKey(client = a, description = 'test key') {
  const out = await client.send(new CreateKeyCommand({ Description: description }));
  return out.KeyMetadata!;
}

describe('CreateKey and DescribeKey', () => {
  it('creates a symmetric key in the caller account and region', async () => {
    const meta = await newKey(a, 'orders');
    expect(meta.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meta.Arn).toBe(`arn:aws:kms:${REGION}:${ACCOUNT_A}:key/${meta.KeyId}`);
    expect(meta).toMatchObject({
      AWSAccountId: ACCOUNT_A,
      Description: 'orders',
      Enabled: true,
      KeyState: 'Enabled',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyManager: 'CUSTOMER',
      Origin: 'AWS_KMS',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    });
    expect(meta.CreationDate).toBeInstanceOf(Date);
  });

  it('refuses key types other than symmetric encryption keys', async () => {
    const err = await sdkError(
      a.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })),
    );
    expect(err.name).toBe('UnsupportedOperationException');
    const bad = await sdkError(a.send(new CreateKeyCommand({ KeySpec: 'NOPE' as never })));
    expect(bad.name).toBe('ValidationException');
    expect(bad.message).toContain("at 'keySpec' failed to satisfy constraint");
  });

  it('describes a key by key ID, key ARN, alias name and alias ARN', async () => {
    const meta = await newKey();
    await a.send(new CreateAliasCommand({ AliasName: 'alias/describe-me', TargetKeyId: meta.KeyId }));
    const refs = [
      meta.KeyId!,
      meta.Arn!,
      'alias/describe-me',
      `arn:aws:kms:${REGION}:${ACCOUNT_A}:alias/describe-me`,
    ];
    for (const KeyId of refs) {
      const out = await a.send(new DescribeKeyCommand({ KeyId }));
      expect(out.KeyMetadata?.Arn).toBe(meta.Arn);
    }
  });

  it('answers NotFoundException for unknown keys and aliases, and malformed IDs', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const byId = await sdkError(a.send(new DescribeKeyCommand({ KeyId: missing })));
    expect(byId.name).toBe('NotFoundException');
    expect(byId.message).toBe(`Key 'arn:aws:kms:${REGION}:${ACCOUNT_A}:key/${missing}' does not exist`);
    const byAlias = await sdkError(a.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })));
    expect(byAlias.name).toBe('NotFoundException');
    expect(byAlias.message).toBe(`Alias arn:aws:kms:${REGION}:${ACCOUNT_A}:alias/nope is not found.`);
    const bad = await sdkError(a.send(new DescribeKeyCommand({ KeyId: 'not-a-key' })));
    expect(bad.name).toBe('NotFoundException');
  });

  it('keeps keys regional: another region does not see them', async () => {
    const meta = await newKey();
    const west = h.client('rootA', { region: 'eu-west-1' });
    expect((await sdkError(west.send(new DescribeKeyCommand({ KeyId: meta.KeyId })))).name).toBe(
      'NotFoundException',
    );
    expect((await sdkError(west.send(new DescribeKeyCommand({ KeyId: meta.Arn })))).name).toBe(
      'NotFoundException',
    );
    const listed = await west.send(new ListKeysCommand({}));
    expect(listed.Keys?.map((k) => k.KeyId)).not.toContain(meta.KeyId);
  });

  it('sees another account key only by ARN, and only when its key policy allows', async () => {
    const meta = await newKey();
    const b = h.client('rootB');
    expect((await sdkError(b.send(new DescribeKeyCommand({ KeyId: meta.KeyId })))).name).toBe(
      'NotFoundException',
    );
    const denied = await sdkError(b.send(new DescribeKeyCommand({ KeyId: meta.Arn })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe(
      `User: arn:aws:iam::${ACCOUNT_B}:root is not authorized to perform: kms:DescribeKey on resource: ${meta.Arn} because no resource-based policy allows the kms:DescribeKey action`,
    );
  });
});

describe('ListKeys', () => {
  it('pages with Limit and Marker through every key of the account and region', async () => {
    const h2 = await startKmsHarness();
    try {
      const client = h2.client('rootB');
      const created = new Set<string>();
      for (let i = 0; i < 5; i++) created.add((await newKey(client)).KeyId!);
      const seen: string[] = [];
      let Marker: string | undefined;
      let pages = 0;
      do {
        const page = await client.send(new ListKeysCommand({ Limit: 2, Marker }));
        pages += 1;
        expect(page.Keys!.length).toBeLessThanOrEqual(2);
        for (const k of page.Keys!) {
          expect(k.KeyArn).toBe(`arn:aws:kms:${REGION}:${ACCOUNT_B}:key/${k.KeyId}`);
          seen.push(k.KeyId!);
        }
        expect(page.Truncated).toBe(page.NextMarker !== undefined);
        Marker = page.NextMarker;
      } while (Marker);
      expect(pages).toBe(3);
      expect(new Set(seen)).toEqual(created);
      expect(seen.length).toBe(5);
      const other = await h2.client('rootA').send(new ListKeysCommand({}));
      expect(other.Keys).toEqual([]);
      const err = await sdkError(client.send(new ListKeysCommand({ Limit: 0 })));
      expect(err.name).toBe('ValidationException');
      expect((await sdkError(client.send(new ListKeysCommand({ Marker: 'bogus' })))).name).toBe(
        'InvalidMarkerException',
      );
    } finally {
      await h2.close();
    }
  });
});

describe('aliases', () => {
  it('creates, lists (paged), updates and deletes aliases', async () => {
    const h2 = await startKmsHarness();
    try {
      const client = h2.client('rootA');
      const k1 = await newKey(client);
      const k2 = await newKey(client);
      for (const n of ['alias/a1', 'alias/a2', 'alias/a3']) {
        await client.send(new CreateAliasCommand({ AliasName: n, TargetKeyId: k1.KeyId }));
      }
      await client.send(new CreateAliasCommand({ AliasName: 'alias/team/b1', TargetKeyId: k2.Arn }));

      const first = await client.send(new ListAliasesCommand({ Limit: 3 }));
      expect(first.Aliases!.map((x) => x.AliasName)).toEqual(['alias/a1', 'alias/a2', 'alias/a3']);
      expect(first.Truncated).toBe(true);
      const second = await client.send(new ListAliasesCommand({ Limit: 3, Marker: first.NextMarker }));
      expect(second.Aliases!.map((x) => x.AliasName)).toEqual(['alias/team/b1']);
      expect(second.Truncated).toBe(false);
      expect(second.Aliases![0]).toMatchObject({
        AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT_A}:alias/team/b1`,
        TargetKeyId: k2.KeyId,
      });
      const ofK2 = await client.send(new ListAliasesCommand({ KeyId: k2.KeyId }));
      expect(ofK2.Aliases!.map((x) => x.AliasName)).toEqual(['alias/team/b1']);

      await client.send(new UpdateAliasCommand({ AliasName: 'alias/a1', TargetKeyId: k2.KeyId }));
      expect((await client.send(new DescribeKeyCommand({ KeyId: 'alias/a1' }))).KeyMetadata?.KeyId).toBe(
        k2.KeyId,
      );

      await client.send(new DeleteAliasCommand({ AliasName: 'alias/a1' }));
      expect((await sdkError(client.send(new DescribeKeyCommand({ KeyId: 'alias/a1' })))).name).toBe(
        'NotFoundException',
      );
      expect((await sdkError(client.send(new DeleteAliasCommand({ AliasName: 'alias/a1' })))).name).toBe(
        'NotFoundException',
      );
    } finally {
      await h2.close();
    }
  });

  it('enforces the alias naming rules', async () => {
    const k = await newKey();
    const create = (AliasName: string, TargetKeyId = k.KeyId) =>
      sdkError(a.send(new CreateAliasCommand({ AliasName, TargetKeyId })));
    expect((await create('no-prefix')).name).toBe('ValidationException');
    expect((await create('alias/aws/s3')).name).toBe('NotAuthorizedException');
    expect((await create('alias/has space')).name).toBe('ValidationException');
    expect((await create('alias/x', 'alias/describe-me')).name).toBe('ValidationException');
    await a.send(new CreateAliasCommand({ AliasName: 'alias/taken', TargetKeyId: k.KeyId }));
    const dup = await create('alias/taken');
    expect(dup.name).toBe('AlreadyExistsException');
    expect(dup.message).toBe(
      `An alias with the name arn:aws:kms:${REGION}:${ACCOUNT_A}:alias/taken already exists`,
    );
  });

  it('lets aliases of the same name live in different accounts', async () => {
    const ka = await newKey();
    const kb = await newKey(h.client('rootB'));
    await a.send(new CreateAliasCommand({ AliasName: 'alias/shared-name', TargetKeyId: ka.KeyId }));
    await h
      .client('rootB')
      .send(new CreateAliasCommand({ AliasName: 'alias/shared-name', TargetKeyId: kb.KeyId }));
    const seenByB = await h.client('rootB').send(new DescribeKeyCommand({ KeyId: 'alias/shared-name' }));
    expect(seenByB.KeyMetadata?.AWSAccountId).toBe(ACCOUNT_B);
  });
});

describe('key state', () => {
  it('disables and enables a key', async () => {
    const k = await newKey();
    await a.send(new DisableKeyCommand({ KeyId: k.KeyId }));
    const disabled = await a.send(new DescribeKeyCommand({ KeyId: k.KeyId }));
    expect(disabled.KeyMetadata).toMatchObject({ Enabled: false, KeyState: 'Disabled' });
    await a.send(new EnableKeyCommand({ KeyId: k.Arn }));
    expect((await a.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata?.KeyState).toBe('Enabled');
    // Management operations take a key ID or ARN, not an alias.
    expect((await sdkError(a.send(new DisableKeyCommand({ KeyId: 'alias/describe-me' })))).name).toBe(
      'NotFoundException',
    );
  });

  it('schedules deletion, cancels it (the key comes back disabled), and deletes keys past their date', async () => {
    const h2 = await startKmsHarness();
    try {
      const client = h2.client('rootA');
      const k = await newKey(client);
      const scheduled = await client.send(
        new ScheduleKeyDeletionCommand({ KeyId: k.KeyId, PendingWindowInDays: 7 }),
      );
      expect(scheduled).toMatchObject({ KeyId: k.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
      expect(scheduled.DeletionDate!.getTime() - k.CreationDate!.getTime()).toBeGreaterThanOrEqual(
        7 * 86_400_000 - 1000,
      );
      const again = await sdkError(client.send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId })));
      expect(again.name).toBe('KMSInvalidStateException');
      expect(again.message).toBe(`${k.Arn} is pending deletion.`);
      expect((await sdkError(client.send(new EnableKeyCommand({ KeyId: k.KeyId })))).name).toBe(
        'KMSInvalidStateException',
      );
      await client.send(new CancelKeyDeletionCommand({ KeyId: k.KeyId }));
      expect((await client.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata?.KeyState).toBe(
        'Disabled',
      );
      const notPending = await sdkError(client.send(new CancelKeyDeletionCommand({ KeyId: k.KeyId })));
      expect(notPending.name).toBe('KMSInvalidStateException');
      const window = await sdkError(
        client.send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId, PendingWindowInDays: 6 })),
      );
      expect(window.name).toBe('ValidationException');

      await client.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: k.KeyId }));
      await client.send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId, PendingWindowInDays: 7 }));
      h2.advanceClock(7 * 86_400_000 + 60_000);
      const later = h2.client('rootA');
      expect((await sdkError(later.send(new DescribeKeyCommand({ KeyId: k.KeyId })))).name).toBe(
        'NotFoundException',
      );
      expect((await later.send(new ListKeysCommand({}))).Keys).toEqual([]);
      expect((await later.send(new ListAliasesCommand({}))).Aliases).toEqual([]);
    } finally {
      await h2.close();
    }
  });

  it('updates the description', async () => {
    const k = await newKey();
    await a.send(new UpdateKeyDescriptionCommand({ KeyId: k.KeyId, Description: 'renamed' }));
    expect((await a.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata?.Description).toBe(
      'renamed',
    );
  });
});

describe('tags', () => {
  it('tags at creation, adds, overwrites, removes and lists tags', async () => {
    const out = await a.send(
      new CreateKeyCommand({
        Tags: [
          { TagKey: 'team', TagValue: 'payments' },
          { TagKey: 'env', TagValue: 'dev' },
        ],
      }),
    );
    const KeyId = out.KeyMetadata!.KeyId!;
    await a.send(
      new TagResourceCommand({
        KeyId,
        Tags: [
          { TagKey: 'env', TagValue: 'prod' },
          { TagKey: 'cost', TagValue: '7' },
        ],
      }),
    );
    await a.send(new UntagResourceCommand({ KeyId, TagKeys: ['team'] }));
    const first = await a.send(new ListResourceTagsCommand({ KeyId, Limit: 1 }));
    expect(first.Tags).toEqual([{ TagKey: 'cost', TagValue: '7' }]);
    const rest = await a.send(new ListResourceTagsCommand({ KeyId, Marker: first.NextMarker }));
    expect(rest.Tags).toEqual([{ TagKey: 'env', TagValue: 'prod' }]);
    const reserved = await sdkError(
      a.send(new TagResourceCommand({ KeyId, Tags: [{ TagKey: 'aws:x', TagValue: 'y' }] })),
    );
    expect(reserved.name).toBe('TagException');
  });
});

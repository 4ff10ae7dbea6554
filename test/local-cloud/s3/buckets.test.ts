import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_A, failure, type S3Harness, startS3Harness } from './harness.js';

describe('S3 buckets (SDK v3)', () => {
  let h: S3Harness;

  beforeAll(async () => {
    h = await startS3Harness();
  });
  afterAll(() => h.close());

  it('creates a bucket in us-east-1 without a LocationConstraint and lists it for its owner only', async () => {
    const a = h.client('rootA');
    const created = await a.send(new CreateBucketCommand({ Bucket: 'alpha-one' }));
    expect(created.Location).toBe('/alpha-one');
    const mine = await a.send(new ListBucketsCommand({}));
    expect(mine.Buckets?.map((b) => b.Name)).toEqual(['alpha-one']);
    expect(mine.Buckets?.[0]?.BucketRegion).toBe('us-east-1');
    expect(mine.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(mine.Owner?.DisplayName).toBe('alpha');
    const theirs = await h.client('rootB').send(new ListBucketsCommand({}));
    expect(theirs.Buckets ?? []).toEqual([]);
    const location = await a.send(new GetBucketLocationCommand({ Bucket: 'alpha-one' }));
    expect(location.LocationConstraint).toBeUndefined();
  });

  it('creates a bucket in another region only with a matching LocationConstraint', async () => {
    // (The SDK adds LocationConstraint = its region when none is given; cli.test.ts covers its absence.)
    const eu = h.client('rootA', { region: 'eu-west-1' });
    const mismatch = await failure(
      eu.send(
        new CreateBucketCommand({
          Bucket: 'alpha-eu',
          CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' },
        }),
      ),
    );
    expect(mismatch.name).toBe('IllegalLocationConstraintException');
    const usEast = await failure(
      h.client('rootA').send(
        new CreateBucketCommand({
          Bucket: 'alpha-eu',
          CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never },
        }),
      ),
    );
    expect(usEast.name).toBe('InvalidLocationConstraint');
    await eu.send(
      new CreateBucketCommand({
        Bucket: 'alpha-eu',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    const location = await eu.send(new GetBucketLocationCommand({ Bucket: 'alpha-eu' }));
    expect(location.LocationConstraint).toBe('eu-west-1');
    // GetBucketLocation answers from any region; other operations want the bucket's region.
    const fromUs = await h.client('rootA').send(new GetBucketLocationCommand({ Bucket: 'alpha-eu' }));
    expect(fromUs.LocationConstraint).toBe('eu-west-1');
    const wrongRegion = await failure(
      h.client('rootA').send(new PutObjectCommand({ Bucket: 'alpha-eu', Key: 'k', Body: 'x' })),
    );
    expect(wrongRegion).toMatchObject({ name: 'AuthorizationHeaderMalformed', status: 400 });
    expect(wrongRegion.message).toContain("the region 'us-east-1' is wrong; expecting 'eu-west-1'");
    const head = await eu.send(new HeadBucketCommand({ Bucket: 'alpha-eu' }));
    expect(head.BucketRegion).toBe('eu-west-1');
  });

  it('keeps one bucket namespace across accounts', async () => {
    await h.client('rootA').send(new CreateBucketCommand({ Bucket: 'shared-name' }));
    const taken = await failure(h.client('rootB').send(new CreateBucketCommand({ Bucket: 'shared-name' })));
    expect(taken).toMatchObject({ name: 'BucketAlreadyExists', status: 409 });
    // us-east-1's legacy answer to re-creating your own bucket is success; elsewhere it is an error.
    await h.client('rootA').send(new CreateBucketCommand({ Bucket: 'shared-name' }));
    const eu = h.client('rootA', { region: 'eu-west-1' });
    const again = await failure(
      eu.send(
        new CreateBucketCommand({
          Bucket: 'alpha-eu',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      ),
    );
    expect(again).toMatchObject({ name: 'BucketAlreadyOwnedByYou', status: 409 });
  });

  it.each([
    'ab',
    'x'.repeat(64),
    'Upper-Case',
    'under_score',
    '-leading',
    'trailing-',
    'two..dots',
    '192.168.1.1',
    'xn--punycode',
    'name-s3alias',
  ])('refuses the bucket name %s with InvalidBucketName', async (name) => {
    const err = await failure(h.client('rootA').send(new CreateBucketCommand({ Bucket: name })));
    expect(err).toMatchObject({ name: 'InvalidBucketName', status: 400 });
  });

  it('answers HeadBucket with 404 for a missing bucket and 403 for another account', async () => {
    const missing = await failure(
      h.client('rootA').send(new HeadBucketCommand({ Bucket: 'no-such-bucket-x' })),
    );
    expect(missing.status).toBe(404);
    const foreign = await failure(h.client('rootB').send(new HeadBucketCommand({ Bucket: 'alpha-one' })));
    expect(foreign.status).toBe(403);
    const mine = await h.client('rootA').send(new HeadBucketCommand({ Bucket: 'alpha-one' }));
    expect(mine.BucketRegion).toBe('us-east-1');
  });

  it('refuses to delete a bucket that holds objects, then deletes it once empty', async () => {
    const a = h.client('rootA');
    await a.send(new CreateBucketCommand({ Bucket: 'to-delete' }));
    await a.send(new PutObjectCommand({ Bucket: 'to-delete', Key: 'k', Body: 'x' }));
    const full = await failure(a.send(new DeleteBucketCommand({ Bucket: 'to-delete' })));
    expect(full).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
    await a.send(new DeleteObjectCommand({ Bucket: 'to-delete', Key: 'k' }));
    await a.send(new DeleteBucketCommand({ Bucket: 'to-delete' }));
    const gone = await failure(a.send(new DeleteBucketCommand({ Bucket: 'to-delete' })));
    expect(gone).toMatchObject({ name: 'NoSuchBucket', status: 404 });
    expect(gone.raw['BucketName']).toBe('to-delete');
  });

  it('refuses another account bucket operations without a bucket policy', async () => {
    const err = await failure(h.client('rootB').send(new DeleteBucketCommand({ Bucket: 'alpha-one' })));
    expect(err).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(err.message).toBe(
      `User: arn:aws:iam::222222222222:root is not authorized to perform: s3:DeleteBucket on resource: arn:aws:s3:::alpha-one because no resource-based policy allows the s3:DeleteBucket action`,
    );
  });

  it('reads and sets versioning', async () => {
    const a = h.client('rootA');
    await a.send(new CreateBucketCommand({ Bucket: 'versioning-config' }));
    expect(
      (await a.send(new GetBucketVersioningCommand({ Bucket: 'versioning-config' }))).Status,
    ).toBeUndefined();
    await a.send(
      new PutBucketVersioningCommand({
        Bucket: 'versioning-config',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    expect((await a.send(new GetBucketVersioningCommand({ Bucket: 'versioning-config' }))).Status).toBe(
      'Enabled',
    );
    await a.send(
      new PutBucketVersioningCommand({
        Bucket: 'versioning-config',
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    );
    expect((await a.send(new GetBucketVersioningCommand({ Bucket: 'versioning-config' }))).Status).toBe(
      'Suspended',
    );
  });

  it('reports SSE-S3 as the default encryption, stores SSE-KMS defaults and resets on delete', async () => {
    const a = h.client('rootA');
    await a.send(new CreateBucketCommand({ Bucket: 'encryption-config' }));
    const initial = await a.send(new GetBucketEncryptionCommand({ Bucket: 'encryption-config' }));
    expect(initial.ServerSideEncryptionConfiguration?.Rules).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false },
    ]);
    const keyArn = `arn:aws:kms:us-east-1:${ACCOUNT_A}:key/00000000-0000-4000-8000-00000000ffff`;
    await a.send(
      new PutBucketEncryptionCommand({
        Bucket: 'encryption-config',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn },
              BucketKeyEnabled: true,
            },
          ],
        },
      }),
    );
    const stored = await a.send(new GetBucketEncryptionCommand({ Bucket: 'encryption-config' }));
    expect(stored.ServerSideEncryptionConfiguration?.Rules).toEqual([
      {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn },
        BucketKeyEnabled: true,
      },
    ]);
    const bad = await failure(
      a.send(
        new PutBucketEncryptionCommand({
          Bucket: 'encryption-config',
          ServerSideEncryptionConfiguration: {
            Rules: [
              { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: keyArn } },
            ],
          },
        }),
      ),
    );
    expect(bad).toMatchObject({ name: 'InvalidArgument', status: 400 });
    await a.send(new DeleteBucketEncryptionCommand({ Bucket: 'encryption-config' }));
    const reset = await a.send(new GetBucketEncryptionCommand({ Bucket: 'encryption-config' }));
    expect(
      reset.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    ).toBe('AES256');
  });

  it('pages ListBuckets with max-buckets and a continuation token', async () => {
    const c = h.client('rootC');
    for (const name of ['page-c-1', 'page-c-2', 'page-c-3'])
      await c.send(new CreateBucketCommand({ Bucket: name }));
    const first = await c.send(new ListBucketsCommand({ MaxBuckets: 2 }));
    expect(first.Buckets?.map((b) => b.Name)).toEqual(['page-c-1', 'page-c-2']);
    expect(first.ContinuationToken).toBeDefined();
    const second = await c.send(
      new ListBucketsCommand({ MaxBuckets: 2, ContinuationToken: first.ContinuationToken }),
    );
    expect(second.Buckets?.map((b) => b.Name)).toEqual(['page-c-3']);
    expect(second.ContinuationToken).toBeUndefined();
  });
});

/** AWS::S3::Bucket: the bucket, default encryption and versioning. The physical ID is the bucket name. */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketEncryptionCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  S3Client,
  type ServerSideEncryptionRule,
} from '@aws-sdk/client-s3';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import { changed, optionalString, type Props } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'S3';

function result(ctx: ProviderContext, name: string): ProviderResult {
  return {
    physicalId: name,
    attributes: {
      Arn: `arn:${ctx.partition}:s3:::${name}`,
      DomainName: `${name}.s3.amazonaws.com`,
      RegionalDomainName: `${name}.s3.${ctx.region}.amazonaws.com`,
      DualStackDomainName: `${name}.s3.dualstack.${ctx.region}.amazonaws.com`,
      WebsiteURL: `http://${name}.s3-website-${ctx.region}.amazonaws.com`,
    },
  };
}

/** CloudFormation's rule shape (ServerSideEncryptionByDefault) as the S3 API's (ApplyServerSideEncryptionByDefault). */
function encryptionRule(rule: Props): ServerSideEncryptionRule {
  const byDefault = rule['ServerSideEncryptionByDefault'] as Props | undefined;
  return {
    ApplyServerSideEncryptionByDefault: byDefault
      ? {
          SSEAlgorithm: optionalString(byDefault, 'SSEAlgorithm') as never,
          KMSMasterKeyID: optionalString(byDefault, 'KMSMasterKeyID'),
        }
      : undefined,
    BucketKeyEnabled:
      rule['BucketKeyEnabled'] === undefined ? undefined : String(rule['BucketKeyEnabled']) === 'true',
  };
}

async function applyEncryption(s3: S3Client, name: string, props: Props, previous: Props): Promise<void> {
  if (!changed(props['BucketEncryption'], previous['BucketEncryption'])) return;
  const encryption = props['BucketEncryption'] as
    | { ServerSideEncryptionConfiguration?: unknown[] }
    | undefined;
  if (encryption?.ServerSideEncryptionConfiguration) {
    const rules = (encryption.ServerSideEncryptionConfiguration as Props[]).map(encryptionRule);
    await call(SERVICE, () =>
      s3.send(
        new PutBucketEncryptionCommand({ Bucket: name, ServerSideEncryptionConfiguration: { Rules: rules } }),
      ),
    );
  } else {
    await call(SERVICE, () => s3.send(new DeleteBucketEncryptionCommand({ Bucket: name })));
  }
}

async function applyVersioning(s3: S3Client, name: string, props: Props, previous: Props): Promise<void> {
  if (!changed(props['VersioningConfiguration'], previous['VersioningConfiguration'])) return;
  const status = optionalString((props['VersioningConfiguration'] ?? {}) as Props, 'Status') ?? 'Suspended';
  await call(SERVICE, () =>
    s3.send(
      new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: status as never } }),
    ),
  );
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const s3 = clientFor(S3Client, ctx);
  const name = optionalString(props, 'BucketName') ?? generatedName(ctx, { maxLength: 63, lowercase: true });
  await call(SERVICE, () =>
    s3.send(
      new CreateBucketCommand({
        Bucket: name,
        CreateBucketConfiguration:
          ctx.region === 'us-east-1' ? undefined : { LocationConstraint: ctx.region as never },
      }),
    ),
  );
  await applyEncryption(s3, name, props, {});
  await applyVersioning(s3, name, props, {});
  return result(ctx, name);
}

async function update(
  name: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const s3 = clientFor(S3Client, ctx);
  await applyEncryption(s3, name, props, previous);
  await applyVersioning(s3, name, props, previous);
  return result(ctx, name);
}

async function remove(name: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const s3 = clientFor(S3Client, ctx);
  await callUnlessGone(SERVICE, () => s3.send(new DeleteBucketCommand({ Bucket: name })));
}

export const s3BucketProvider: ResourceProvider = {
  type: 'AWS::S3::Bucket',
  replaceOn: ['BucketName', 'ObjectLockEnabled'],
  create,
  update,
  delete: remove,
};

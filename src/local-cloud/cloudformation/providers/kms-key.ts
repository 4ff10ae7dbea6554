/** AWS::KMS::Key; the physical ID and Ref are the key ID. Deletion schedules the key's deletion. */
import {
  CreateKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  KMSClient,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { changed, jsonText, optionalNumber, optionalString, type Props, tagList } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'Kms';

function result(ctx: ProviderContext, keyId: string): ProviderResult {
  return {
    physicalId: keyId,
    attributes: { KeyId: keyId, Arn: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:key/${keyId}` },
  };
}

async function rotation(kms: KMSClient, keyId: string, props: Props): Promise<void> {
  const enabled = String(props['EnableKeyRotation']) === 'true';
  await call(SERVICE, () =>
    kms.send(
      enabled
        ? new EnableKeyRotationCommand({ KeyId: keyId })
        : new DisableKeyRotationCommand({ KeyId: keyId }),
    ),
  );
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const kms = clientFor(KMSClient, ctx);
  const tags = tagList(props).map((t) => ({ TagKey: t.Key, TagValue: t.Value }));
  const out = await call(SERVICE, () =>
    kms.send(
      new CreateKeyCommand({
        Description: optionalString(props, 'Description'),
        Policy: jsonText(props['KeyPolicy']),
        KeyUsage: optionalString(props, 'KeyUsage') as never,
        KeySpec: optionalString(props, 'KeySpec') as never,
        Tags: tags.length > 0 ? tags : undefined,
      }),
    ),
  );
  const keyId = out.KeyMetadata?.KeyId ?? '';
  if (String(props['EnableKeyRotation']) === 'true') await rotation(kms, keyId, props);
  return result(ctx, keyId);
}

async function update(
  keyId: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const kms = clientFor(KMSClient, ctx);
  if (changed(props['Description'], previous['Description'])) {
    const description = optionalString(props, 'Description') ?? '';
    await call(SERVICE, () =>
      kms.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: description })),
    );
  }
  if (changed(props['KeyPolicy'], previous['KeyPolicy']) && props['KeyPolicy'] !== undefined) {
    const policy = jsonText(props['KeyPolicy']);
    await call(SERVICE, () =>
      kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: policy })),
    );
  }
  if (changed(props['EnableKeyRotation'], previous['EnableKeyRotation'])) await rotation(kms, keyId, props);
  return result(ctx, keyId);
}

async function remove(keyId: string, props: Props, ctx: ProviderContext): Promise<void> {
  const kms = clientFor(KMSClient, ctx);
  try {
    await callUnlessGone(SERVICE, () =>
      kms.send(
        new ScheduleKeyDeletionCommand({
          KeyId: keyId,
          PendingWindowInDays: optionalNumber(props, 'PendingWindowInDays') ?? 30,
        }),
      ),
    );
  } catch (err) {
    // Already pending deletion: the key is as good as gone.
    if ((err as { code?: string }).code !== 'KMSInvalidStateException') throw err;
  }
}

export const kmsKeyProvider: ResourceProvider = {
  type: 'AWS::KMS::Key',
  replaceOn: ['KeySpec', 'KeyUsage', 'MultiRegion'],
  create,
  update,
  delete: remove,
};

/**
 * AWS::CloudFormation::Stack, run by the engine itself: the child stack's template is read from
 * TemplateURL in local S3 as CloudFormation acts (the stack's role or caller), the child is named
 * `<parent>-<logicalId>-<RANDOM>` as AWS names it, carries ParentId/RootId, and the parent's resource
 * completes when the child does. `Outputs.X` attributes are the child's outputs. A failed child is
 * left for the parent's rollback to delete.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import type { ProviderContext, ProviderResult, ResourceProvider } from '../providers/types.js';
import type { StoredStack } from '../state.js';
import type { ParameterInput } from '../template/index.js';
import { PhysicalResourceError } from './resources.js';
import { STACK_TYPE } from './recorder.js';
import { templateLocation } from './template-url.js';

/** What the nested provider needs of the engine. */
export interface NestedStackHost {
  stack(stackId: string): StoredStack;
  create(input: {
    accountId: string;
    region: string;
    stackName: string;
    templateBody: string;
    source: 'url';
    parameters: ParameterInput[];
    capabilities: readonly string[];
    roleArn?: string;
    parentId: string;
    rootId: string;
    tags: Array<{ Key: string; Value: string }>;
    logicalResourceId: string;
    clientRequestToken?: string;
    credentials: ProviderContext['credentials'];
    /** The stack a nested change set made in review, created now. */
    reviewed?: StoredStack;
  }): StoredStack;
  reviewChild(parentId: string, logicalId: string): StoredStack | undefined;
  update(input: {
    stack: StoredStack;
    templateBody: string;
    source: 'url';
    parameters: ParameterInput[];
    capabilities: readonly string[];
    roleArn?: string;
    credentials: ProviderContext['credentials'];
    rollback?: { skip: readonly string[] };
    clientRequestToken?: string;
  }): StoredStack;
  delete(stack: StoredStack, credentials: ProviderContext['credentials'], clientRequestToken?: string): void;
  settled(stackId: string): Promise<StoredStack>;
}

const NAME_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The random suffix of a nested stack's name (12 characters, as AWS uses). */
export function nestedSuffix(bytes: Buffer = randomBytes(12)): string {
  return [...bytes].map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('');
}

async function readTemplate(url: string, ctx: ProviderContext): Promise<string> {
  const { bucket, key } = templateLocation(url);
  const s3 = new S3Client({
    endpoint: ctx.endpoint,
    region: ctx.region,
    credentials: ctx.credentials,
    forcePathStyle: true,
  });
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await object.Body?.transformToString('utf8')) ?? '';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`TemplateURL ${url} cannot be read: ${message}`);
  } finally {
    s3.destroy();
  }
}

/** A nested stack resource's Parameters as CreateStack parameters. */
export function parametersOf(properties: Record<string, unknown>): ParameterInput[] {
  const given = properties.Parameters;
  if (given === undefined || given === null || typeof given !== 'object') return [];
  return Object.entries(given as Record<string, unknown>).map(([ParameterKey, value]) => ({
    ParameterKey,
    ParameterValue: Array.isArray(value) ? value.join(',') : String(value),
  }));
}

/** A nested stack resource's TemplateURL (a validation failure when missing). */
export function templateUrlOf(properties: Record<string, unknown>): string {
  const url = properties.TemplateURL;
  if (typeof url !== 'string' || url === '') {
    throw new Error('Properties validation failed for resource: required key [TemplateURL] not found');
  }
  return url;
}

function resultOf(child: StoredStack): ProviderResult {
  const attributes: Record<string, unknown> = {};
  for (const output of child.outputs) attributes[`Outputs.${output.OutputKey}`] = output.OutputValue;
  return { physicalId: child.stackId, attributes };
}

export function nestedStackProvider(host: NestedStackHost): ResourceProvider {
  return {
    type: STACK_TYPE,
    replaceOn: [],
    async create(properties, ctx) {
      const templateBody = await readTemplate(templateUrlOf(properties), ctx);
      const parent = host.stack(ctx.stackId);
      const reviewed = host.reviewChild(parent.stackId, ctx.logicalId);
      let child: StoredStack;
      try {
        child = host.create({
          ...(reviewed ? { reviewed } : {}),
          // Events of the whole tree carry the operation's token, as on AWS.
          ...(ctx.clientRequestToken === undefined ? {} : { clientRequestToken: ctx.clientRequestToken }),
          logicalResourceId: ctx.logicalId,
          accountId: ctx.accountId,
          region: ctx.region,
          stackName: reviewed?.stackName ?? `${parent.stackName}-${ctx.logicalId}-${nestedSuffix()}`,
          templateBody,
          source: 'url',
          parameters: parametersOf(properties),
          capabilities: parent.capabilities,
          roleArn: parent.roleArn,
          parentId: parent.stackId,
          rootId: parent.rootId ?? parent.stackId,
          tags: parent.tags,
          credentials: ctx.credentials,
        });
      } catch (err) {
        throw new Error(err instanceof Error ? err.message : String(err));
      }
      const done = await host.settled(child.stackId);
      if (done.status !== 'CREATE_COMPLETE') {
        throw new PhysicalResourceError(
          `Embedded stack ${done.stackId} was not successfully created: ${done.statusReason ?? done.status}`,
          done.stackId,
        );
      }
      return resultOf(done);
    },
    async update(physicalId, properties, _previous, ctx) {
      const templateBody = await readTemplate(templateUrlOf(properties), ctx);
      const parent = host.stack(ctx.stackId);
      const child = host.stack(physicalId);
      try {
        host.update({
          stack: child,
          templateBody,
          source: 'url',
          parameters: parametersOf(properties),
          capabilities: parent.capabilities,
          roleArn: parent.roleArn,
          credentials: ctx.credentials,
          ...(ctx.rollback ? { rollback: ctx.rollback } : {}),
          ...(ctx.clientRequestToken === undefined ? {} : { clientRequestToken: ctx.clientRequestToken }),
        });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (message === 'No updates are to be performed.') return resultOf(child);
        throw new Error(message);
      }
      const done = await host.settled(physicalId);
      // A nested update that succeeded waits in UPDATE_COMPLETE_CLEANUP_IN_PROGRESS for its root's.
      const expected = ctx.rollback
        ? ['UPDATE_ROLLBACK_COMPLETE']
        : ['UPDATE_COMPLETE', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'];
      if (!expected.includes(done.status)) {
        const verb = ctx.rollback ? 'rolled back' : 'updated';
        throw new Error(
          `Embedded stack ${done.stackId} was not successfully ${verb}. Currently in ${done.status} with reason: ${done.statusReason ?? ''}`,
        );
      }
      return resultOf(done);
    },
    async delete(physicalId, _properties, ctx) {
      let child: StoredStack;
      try {
        child = host.stack(physicalId);
      } catch {
        return;
      }
      host.delete(child, ctx.credentials, ctx.clientRequestToken);
      const done = await host.settled(physicalId);
      if (done.status !== 'DELETE_COMPLETE') {
        throw new Error(
          `Embedded stack ${physicalId} was not successfully deleted: ${done.statusReason ?? ''}`,
        );
      }
    },
  };
}

/**
 * Topics: CreateTopic (idempotent by name), DeleteTopic, ListTopics, GetTopicAttributes,
 * SetTopicAttributes, AddPermission, RemovePermission. The typed functions are what SnsInternal offers
 * other services (CloudFormation's AWS::SNS::Topic and TopicPolicy).
 */
import { xmlMap } from '../../../http/index.js';
import { checkAttributeName, checkTopicAttribute, isFifo, topicAttributes } from '../attributes.js';
import { authorizeSns, authorizeTopic, topicPolicy } from '../authz.js';
import { SnsErrors } from '../errors.js';
import { existing, snsState, subscriptionsOf, topicTarget } from '../lookup.js';
import { checkTopicName, topicArn } from '../names.js';
import { paginate } from '../paging.js';
import { requestTagKeys, required, tags as readTags } from '../params.js';
import { checkTopicPolicy } from '../policy.js';
import type { SnsCall, SnsRuntime } from '../runtime.js';
import { snsSlice, type Tag } from '../state.js';
import type { SnsOperations } from './types.js';

export interface CreateTopicInput {
  name: string;
  attributes?: Readonly<Record<string, string>>;
  tags?: readonly Tag[];
}

function sameTags(a: readonly Tag[], b: readonly Tag[]): boolean {
  const key = (tags: readonly Tag[]) => JSON.stringify([...tags].map((t) => [t.Key, t.Value]).sort());
  return key(a) === key(b);
}

export function createTopic(rt: SnsRuntime, call: SnsCall, input: CreateTopicInput): { topicArn: string } {
  const attributes = { ...input.attributes };
  const tags = [...(input.tags ?? [])];
  const fifo = attributes['FifoTopic'] === 'true';
  checkTopicName(input.name, fifo);
  for (const [name, value] of Object.entries(attributes))
    checkTopicAttribute(name, value, { creating: true, fifo });
  const arn = topicArn(call.where, input.name);
  authorizeSns(call, {
    action: 'SNS:CreateTopic',
    resource: arn,
    resourceAccount: call.where.accountId,
    contextKeys: requestTagKeys(tags),
  });
  const found = snsState(rt.deps.store).topics[arn];
  if (found) {
    if (Object.entries(attributes).some(([name, value]) => (found.attributes[name] ?? '') !== value)) {
      throw SnsErrors.invalidParameter('Attributes Reason: Topic already exists with different attributes');
    }
    if (tags.length > 0 && !sameTags(tags, found.tags)) {
      throw SnsErrors.invalidParameter('Tags Reason: Topic already exists with different tags');
    }
    return { topicArn: arn };
  }
  rt.deps.store.dispatch(snsSlice, 'createTopic', {
    topic: {
      arn,
      name: input.name,
      accountId: call.where.accountId,
      region: call.where.region,
      createdAt: call.now.toISOString(),
      attributes,
      tags,
      subscriptionsDeleted: 0,
    },
  });
  return { topicArn: arn };
}

/** Deletes a topic and its subscriptions; a topic that does not exist is not an error, as on AWS. */
export function deleteTopic(rt: SnsRuntime, call: SnsCall, arn: string): void {
  const target = topicTarget(rt.deps.store, call, arn);
  authorizeTopic(call, target, 'SNS:DeleteTopic');
  if (target.topic) rt.deps.store.dispatch(snsSlice, 'deleteTopic', { arn });
}

export function getTopicAttributes(rt: SnsRuntime, call: SnsCall, arn: string): Record<string, string> {
  const target = topicTarget(rt.deps.store, call, arn);
  authorizeTopic(call, target, 'SNS:GetTopicAttributes');
  const topic = existing(target);
  return topicAttributes(topic, subscriptionsOf(rt.deps.store, arn));
}

/** Sets one attribute; an empty value clears it (Policy goes back to the default policy). */
export function setTopicAttribute(
  rt: SnsRuntime,
  call: SnsCall,
  input: { topicArn: string; name: string; value: string },
): void {
  const target = topicTarget(rt.deps.store, call, input.topicArn);
  authorizeTopic(call, target, 'SNS:SetTopicAttributes');
  const topic = existing(target);
  const clear = input.value === '' && input.name !== 'DisplayName';
  if (clear) checkAttributeName(input.name, { creating: false });
  else checkTopicAttribute(input.name, input.value, { creating: false, fifo: isFifo(topic) });
  rt.deps.store.dispatch(snsSlice, 'setTopicAttribute', {
    arn: topic.arn,
    name: input.name,
    value: clear ? null : input.value,
  });
}

interface PolicyStatement {
  Sid?: string;
  [member: string]: unknown;
}

function statementsOf(policy: string): { document: Record<string, unknown>; statements: PolicyStatement[] } {
  const document = JSON.parse(policy) as Record<string, unknown>;
  const raw = document['Statement'];
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as PolicyStatement[];
  return { document, statements };
}

export const topicOperations: SnsOperations = {
  CreateTopic(rt, params, call) {
    const result = createTopic(rt, call, {
      name: required(params, 'Name'),
      attributes: params.map('Attributes'),
      tags: readTags(params),
    });
    return { TopicArn: result.topicArn };
  },

  DeleteTopic(rt, params, call) {
    deleteTopic(rt, call, required(params, 'TopicArn'));
    return undefined;
  },

  ListTopics(rt, params, call) {
    authorizeSns(call, { action: 'SNS:ListTopics', resource: '*', resourceAccount: call.where.accountId });
    const prefix = topicArn(call.where, '');
    const topics = Object.values(snsState(rt.deps.store).topics).filter((t) => t.arn.startsWith(prefix));
    const page = paginate({ items: topics, sortKey: (t) => t.arn, token: params.get('NextToken') });
    return { Topics: page.items.map((t) => ({ TopicArn: t.arn })), NextToken: page.nextToken };
  },

  GetTopicAttributes(rt, params, call) {
    return { Attributes: xmlMap(getTopicAttributes(rt, call, required(params, 'TopicArn'))) };
  },

  SetTopicAttributes(rt, params, call) {
    setTopicAttribute(rt, call, {
      topicArn: required(params, 'TopicArn'),
      name: required(params, 'AttributeName'),
      value: params.get('AttributeValue') ?? '',
    });
    return undefined;
  },

  AddPermission(rt, params, call) {
    const target = topicTarget(rt.deps.store, call, required(params, 'TopicArn'));
    const label = required(params, 'Label');
    const accounts = params.list('AWSAccountId');
    const actions = params.list('ActionName');
    if (accounts.length === 0) throw SnsErrors.missing('AWSAccountId');
    if (actions.length === 0) throw SnsErrors.missing('ActionName');
    authorizeTopic(call, target, 'SNS:AddPermission');
    const topic = existing(target);
    const { document, statements } = statementsOf(topicPolicy(topic));
    if (statements.some((s) => s.Sid === label)) {
      throw SnsErrors.invalidParameter('Statement already exists');
    }
    statements.push({
      Sid: label,
      Effect: 'Allow',
      Principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) },
      Action: actions.map((a) => `SNS:${a}`),
      Resource: topic.arn,
    });
    const policy = JSON.stringify({ ...document, Statement: statements });
    checkTopicPolicy(policy);
    rt.deps.store.dispatch(snsSlice, 'setTopicAttribute', { arn: topic.arn, name: 'Policy', value: policy });
    return undefined;
  },

  RemovePermission(rt, params, call) {
    const target = topicTarget(rt.deps.store, call, required(params, 'TopicArn'));
    const label = required(params, 'Label');
    authorizeTopic(call, target, 'SNS:RemovePermission');
    const topic = existing(target);
    const { document, statements } = statementsOf(topicPolicy(topic));
    const kept = statements.filter((s) => s.Sid !== label);
    if (kept.length === statements.length) throw SnsErrors.invalidParameter('Label');
    // A policy left without statements goes back to the default one (which grants callers nothing either).
    rt.deps.store.dispatch(snsSlice, 'setTopicAttribute', {
      arn: topic.arn,
      name: 'Policy',
      value: kept.length === 0 ? null : JSON.stringify({ ...document, Statement: kept }),
    });
    return undefined;
  },
};

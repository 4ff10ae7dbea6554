/**
 * Subscriptions: Subscribe, ConfirmSubscription, Unsubscribe, ListSubscriptions,
 * ListSubscriptionsByTopic, GetSubscriptionAttributes, SetSubscriptionAttributes.
 *
 * Lambda, SQS, SMS, Firehose and application subscriptions are confirmed at once; email and HTTP(S)
 * subscriptions wait for ConfirmSubscription with the token of the SubscriptionConfirmation document,
 * which is recorded among the topic's deliveries (SnsInternal.deliveries). A subscription may be read,
 * changed or removed by its owner's account or the topic owner's account.
 */
import { xmlMap } from '../../../http/index.js';
import { authorizeSns, authorizeTopic } from '../authz.js';
import { SnsErrors } from '../errors.js';
import { confirmationToken, uuidFrom } from '../ids.js';
import { existing, snsState, subscriptionsOf, topicTarget } from '../lookup.js';
import {
  CONFIRMED_BY_ENDPOINT,
  checkEndpoint,
  checkProtocol,
  parseTopicArn,
  topicOfSubscription,
} from '../names.js';
import { paginate } from '../paging.js';
import { required } from '../params.js';
import { confirmationDocument } from '../payload.js';
import type { SnsCall, SnsRuntime } from '../runtime.js';
import { type SnsDelivery, type StoredSubscription, snsSlice } from '../state.js';
import { checkSubscriptionAttribute, subscriptionAttributes } from '../subscription-attributes.js';
import type { SnsOperations } from './types.js';

export const PENDING_CONFIRMATION = 'pending confirmation';

export interface SubscribeInput {
  topicArn: string;
  protocol: string;
  endpoint?: string;
  attributes?: Readonly<Record<string, string>>;
  returnSubscriptionArn?: boolean;
}

function sameAttributes(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

export function subscribe(rt: SnsRuntime, call: SnsCall, input: SubscribeInput): { subscriptionArn: string } {
  const { store } = rt.deps;
  const protocol = checkProtocol(input.protocol);
  const endpoint = checkEndpoint(protocol, input.endpoint);
  const attributes = { ...input.attributes };
  for (const [name, value] of Object.entries(attributes)) {
    checkSubscriptionAttribute(name, value, { protocol, all: attributes, creating: true });
  }
  const target = topicTarget(store, call, input.topicArn);
  authorizeTopic(call, target, 'SNS:Subscribe', { 'sns:Protocol': protocol, 'sns:Endpoint': endpoint });
  const topic = existing(target);
  if (protocol === 'sqs' && endpoint.endsWith('.fifo') && topic.attributes['FifoTopic'] !== 'true') {
    throw SnsErrors.invalidParameter(
      'Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics',
    );
  }
  const same = subscriptionsOf(store, topic.arn).find(
    (s) => s.protocol === protocol && s.endpoint === endpoint,
  );
  if (same) {
    if (!sameAttributes(same.attributes, attributes)) {
      throw SnsErrors.invalidParameter(
        'Attributes Reason: Subscription already exists with different attributes',
      );
    }
    return {
      subscriptionArn: same.pending && !input.returnSubscriptionArn ? PENDING_CONFIRMATION : same.arn,
    };
  }
  const serial = snsState(store).serial + 1;
  const pending = CONFIRMED_BY_ENDPOINT.includes(protocol);
  const subscription: StoredSubscription = {
    arn: `${topic.arn}:${uuidFrom('subscription', topic.arn, String(serial))}`,
    topicArn: topic.arn,
    owner: call.where.accountId,
    protocol,
    endpoint,
    pending,
    attributes,
    createdAt: call.now.toISOString(),
  };
  const deliveries: SnsDelivery[] = [];
  if (pending) {
    const token = confirmationToken(subscription.arn, String(serial));
    const messageId = uuidFrom('confirmation', subscription.arn, String(serial));
    subscription.token = token;
    deliveries.push({
      type: 'SubscriptionConfirmation',
      messageId,
      subscriptionArn: subscription.arn,
      protocol,
      endpoint,
      payload: confirmationDocument({
        sub: subscription,
        messageId,
        token,
        timestamp: call.now.toISOString(),
        urls: { endpoint: call.endpoint },
      }),
      at: call.now.toISOString(),
      status: 'Recorded',
    });
  }
  store.dispatch(snsSlice, 'subscribe', { subscription, serial, deliveries });
  return {
    subscriptionArn: pending && !input.returnSubscriptionArn ? PENDING_CONFIRMATION : subscription.arn,
  };
}

/** Confirms a pending subscription by its token (no signature needed: the token is the proof). */
export function confirmSubscription(
  rt: SnsRuntime,
  input: { region: string; topicArn: string; token: string },
): { subscriptionArn: string } {
  const parsed = parseTopicArn(input.topicArn);
  if (!parsed || parsed.region !== input.region) throw SnsErrors.invalidParameter('TopicArn');
  const state = snsState(rt.deps.store);
  if (!state.topics[input.topicArn]) throw SnsErrors.topicNotFound();
  const sub = subscriptionsOf(rt.deps.store, input.topicArn).find(
    (s) => s.pending && s.token === input.token,
  );
  if (!sub) throw SnsErrors.invalidParameter('Token');
  rt.deps.store.dispatch(snsSlice, 'confirmSubscription', { arn: sub.arn });
  return { subscriptionArn: sub.arn };
}

/** A subscription its owner's or its topic owner's account acts on, after IAM allows `action`. */
function ownSubscription(rt: SnsRuntime, call: SnsCall, arn: string, action: string): StoredSubscription {
  const topicArn = topicOfSubscription(arn);
  if (!topicArn || parseTopicArn(topicArn)!.region !== call.where.region)
    throw SnsErrors.invalidParameter('SubscriptionArn');
  authorizeSns(call, { action, resource: arn, resourceAccount: call.where.accountId });
  const sub = snsState(rt.deps.store).subscriptions[arn];
  if (!sub) throw SnsErrors.subscriptionNotFound();
  if (sub.owner !== call.where.accountId && parseTopicArn(topicArn)!.accountId !== call.where.accountId) {
    throw SnsErrors.authorization(
      `User: ${call.principalArn} is not authorized to perform: ${action} on resource: ${arn}`,
    );
  }
  return sub;
}

export function unsubscribe(rt: SnsRuntime, call: SnsCall, arn: string): void {
  ownSubscription(rt, call, arn, 'SNS:Unsubscribe');
  rt.deps.store.dispatch(snsSlice, 'unsubscribe', { arn });
}

export function setSubscriptionAttribute(
  rt: SnsRuntime,
  call: SnsCall,
  input: { subscriptionArn: string; name: string; value: string },
): void {
  const sub = ownSubscription(rt, call, input.subscriptionArn, 'SNS:SetSubscriptionAttributes');
  const clear = input.value === '' || (input.name === 'FilterPolicy' && input.value.trim() === '{}');
  const all = { ...sub.attributes, [input.name]: input.value };
  if (clear) delete all[input.name];
  if (!clear)
    checkSubscriptionAttribute(input.name, input.value, { protocol: sub.protocol, all, creating: false });
  rt.deps.store.dispatch(snsSlice, 'setSubscriptionAttribute', {
    arn: sub.arn,
    name: input.name,
    value: clear ? null : input.value,
  });
}

function listShape(sub: StoredSubscription) {
  return {
    SubscriptionArn: sub.pending ? 'PendingConfirmation' : sub.arn,
    Owner: sub.owner,
    Protocol: sub.protocol,
    Endpoint: sub.endpoint,
    TopicArn: sub.topicArn,
  };
}

export const subscriptionOperations: SnsOperations = {
  Subscribe(rt, params, call) {
    const result = subscribe(rt, call, {
      topicArn: required(params, 'TopicArn'),
      protocol: required(params, 'Protocol'),
      endpoint: params.get('Endpoint'),
      attributes: params.map('Attributes'),
      returnSubscriptionArn: params.bool('ReturnSubscriptionArn') ?? false,
    });
    return { SubscriptionArn: result.subscriptionArn };
  },

  Unsubscribe(rt, params, call) {
    unsubscribe(rt, call, required(params, 'SubscriptionArn'));
    return undefined;
  },

  ListSubscriptions(rt, params, call) {
    authorizeSns(call, {
      action: 'SNS:ListSubscriptions',
      resource: '*',
      resourceAccount: call.where.accountId,
    });
    const subs = Object.values(snsState(rt.deps.store).subscriptions).filter(
      (s) => s.owner === call.where.accountId && parseTopicArn(s.topicArn)?.region === call.where.region,
    );
    const page = paginate({ items: subs, sortKey: (s) => s.arn, token: params.get('NextToken') });
    return { Subscriptions: page.items.map(listShape), NextToken: page.nextToken };
  },

  ListSubscriptionsByTopic(rt, params, call) {
    const target = topicTarget(rt.deps.store, call, required(params, 'TopicArn'));
    authorizeTopic(call, target, 'SNS:ListSubscriptionsByTopic');
    const topic = existing(target);
    const page = paginate({
      items: subscriptionsOf(rt.deps.store, topic.arn),
      sortKey: (s) => s.arn,
      token: params.get('NextToken'),
    });
    return { Subscriptions: page.items.map(listShape), NextToken: page.nextToken };
  },

  GetSubscriptionAttributes(rt, params, call) {
    const sub = ownSubscription(
      rt,
      call,
      required(params, 'SubscriptionArn'),
      'SNS:GetSubscriptionAttributes',
    );
    return { Attributes: xmlMap(subscriptionAttributes(sub)) };
  },

  SetSubscriptionAttributes(rt, params, call) {
    setSubscriptionAttribute(rt, call, {
      subscriptionArn: required(params, 'SubscriptionArn'),
      name: required(params, 'AttributeName'),
      value: params.get('AttributeValue') ?? '',
    });
    return undefined;
  },
};

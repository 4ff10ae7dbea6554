/**
 * Reading and checking the members of notification rule requests: names, the watched resource, event
 * types (which must belong to the resource's kind), targets and tag maps.
 */
import type { Where } from '../codepipeline/call.js';
import type { Fields } from '../shared/fields.js';
import type { StringLimits } from '../shared/json-input.js';
import { NotificationErrors } from './errors.js';
import { findEventType, type ParsedSource, parseSource, type SourceKind } from './event-types.js';
import { type RuleTarget, TARGET_TYPES, type TargetType } from './state.js';

export const RULE_NAME: StringLimits = {
  max: 64,
  pattern: { regex: /^[A-Za-z0-9\-_ ]+$/, text: '[A-Za-z0-9\\-_ ]+$' },
};
const RESOURCE: StringLimits = {
  pattern: {
    regex: /^arn:aws[^:\s]*:[^:\s]*:[^:\s]*:[0-9]{12}:[^\s]+$/,
    text: '^arn:aws[^:\\s]*:[^:\\s]*:[^:\\s]*:[0-9]{12}:[^\\s]+$',
  },
};
export const TOKEN: StringLimits = {
  max: 256,
  pattern: { regex: /^[\w:/-]+$/, text: '^[\\w:/-]+$' },
};
const TARGET_TYPE: StringLimits = { pattern: { regex: /^[A-Za-z]+$/, text: '^[A-Za-z]+$' } };
export const TARGET_ADDRESS: StringLimits = { max: 320 };
export const MAX_TARGETS = 10;
export const MAX_TAGS = 50;

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The resource a rule watches: a supported kind, in the caller's account and region. */
export function readResource(f: Fields, where: Where): { arn: string; source: ParsedSource } {
  const arn = f.requiredString('Resource', RESOURCE);
  const source = parseSource(arn);
  if (!source) {
    throw NotificationErrors.validation(
      `Resource ${arn} is not supported. Notification rules can be created for CodePipeline pipelines, CodeBuild projects, CodeCommit repositories and CodeDeploy applications.`,
    );
  }
  if (source.accountId !== where.accountId || source.region !== where.region) {
    throw NotificationErrors.validation(
      `Resource ${arn} must be in account ${where.accountId} and region ${where.region}, where the notification rule is created.`,
    );
  }
  return { arn, source };
}

/** Event type IDs, each known and of the resource's kind; duplicates are dropped. */
export function readEventTypeIds(f: Fields, kind: SourceKind, required: boolean): string[] | undefined {
  const ids = required ? f.requiredStringList('EventTypeIds') : f.stringList('EventTypeIds');
  if (ids === undefined) return undefined;
  if (ids.length === 0)
    throw NotificationErrors.validation('EventTypeIds must contain at least one event type.');
  for (const id of ids) {
    if (id.length < 1 || id.length > 200) {
      throw f.constraint('EventTypeIds', id, 'Member must have length between 1 and 200');
    }
    const type = findEventType(id);
    if (!type) throw NotificationErrors.validation(`Event type ${id} does not exist.`);
    if (type.ServiceName !== kind.ServiceName || type.ResourceType !== kind.ResourceType) {
      throw NotificationErrors.validation(
        `Event type ${id} is for ${type.ServiceName} ${type.ResourceType.toLowerCase()}s; the rule's resource is a ${kind.ServiceName} ${kind.ResourceType.toLowerCase()}.`,
      );
    }
  }
  return [...new Set(ids)];
}

const ADDRESS: Readonly<Record<TargetType, RegExp>> = {
  SNS: /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/,
  AWSChatbotSlack: /^arn:aws[a-z-]*:chatbot::\d{12}:chat-configuration\/slack-channel\/[A-Za-z0-9_-]{1,128}$/,
};

/** One target: a supported type, and an address of that type (SNS topics in the rule's region). */
export function readTarget(f: Fields, where: Where): RuleTarget {
  const type = f.requiredString('TargetType', TARGET_TYPE);
  const address = f.requiredString('TargetAddress', TARGET_ADDRESS);
  if (!(TARGET_TYPES as readonly string[]).includes(type)) {
    throw NotificationErrors.validation(
      `TargetType ${type} is not supported; use one of ${TARGET_TYPES.join(', ')}.`,
    );
  }
  const match = ADDRESS[type as TargetType].exec(address);
  if (!match) {
    throw NotificationErrors.configuration(`TargetAddress ${address} is not a valid ${type} target address.`);
  }
  if (type === 'SNS' && match[1] !== where.region) {
    throw NotificationErrors.configuration(
      `The SNS topic ${address} must be in region ${where.region}, the notification rule's region.`,
    );
  }
  return { TargetType: type as TargetType, TargetAddress: address };
}

/** `Targets` (at most 10; the same address once). */
export function readTargets(f: Fields, where: Where, required: boolean): RuleTarget[] | undefined {
  const list = f.objectList('Targets', { max: MAX_TARGETS });
  if (list === undefined) {
    if (required) throw f.constraint('Targets', undefined, 'Member must not be null');
    return undefined;
  }
  const targets = new Map<string, RuleTarget>();
  for (const item of list) {
    const target = readTarget(item, where);
    targets.set(target.TargetAddress, target);
  }
  return [...targets.values()];
}

/** A `Tags` map: keys 1–128 characters not starting with `aws:`, values up to 256, at most 50. */
export function readTagMap(f: Fields, member = 'Tags'): Record<string, string> | undefined {
  const tags = f.stringMap(member);
  if (tags === undefined) return undefined;
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) {
    throw NotificationErrors.limitExceeded(`A notification rule can have at most ${MAX_TAGS} tags.`);
  }
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
      throw f.constraint(
        member,
        key,
        'Map keys must have length between 1 and 128 and match the tag pattern',
      );
    }
    if (value.length > 256 || !TAG_TEXT.test(value)) {
      throw f.constraint(member, value, 'Map values must have length up to 256 and match the tag pattern');
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw NotificationErrors.validation(`Tag keys starting with 'aws:' are reserved: ${key}`);
    }
  }
  return tags;
}

/** `Filters: [{ Name, Value }]` of the List operations, Names from `names`. */
export function readFilters<N extends string>(f: Fields, names: readonly N[]): { name: N; value: string }[] {
  return (f.objectList('Filters') ?? []).map((item) => ({
    name: item.requiredEnum('Name', names),
    value: item.requiredString('Value', { min: 0, max: 2048 }),
  }));
}

/** `MaxResults` (1–100, default 100) and `NextToken`. */
export function readPage(f: Fields): { limit: number; token: string | undefined } {
  return {
    limit: f.integer('MaxResults', { min: 1, max: 100 }) ?? 100,
    token: f.string('NextToken', { min: 1 }),
  };
}

/**
 * Reading the `ConfigRule` of PutConfigRule: Source (owner, function ARN, source details), Scope,
 * InputParameters, MaximumExecutionFrequency — checked as AWS Config checks them.
 */
import { ConfigErrors, constraintError } from './errors.js';
import {
  type Body,
  list,
  objectItem,
  optionalEnum,
  optionalObject,
  optionalString,
  stringItem,
} from './input.js';
import type { Frequency, MessageType, Owner, RuleScope, RuleSource, SourceDetail } from './state.js';

export const FREQUENCIES: readonly Frequency[] = [
  'One_Hour',
  'Three_Hours',
  'Six_Hours',
  'Twelve_Hours',
  'TwentyFour_Hours',
];
const OWNERS: readonly Owner[] = ['CUSTOM_LAMBDA', 'AWS', 'CUSTOM_POLICY'];
const MESSAGE_TYPES: readonly MessageType[] = [
  'ConfigurationItemChangeNotification',
  'ConfigurationSnapshotDeliveryCompleted',
  'ScheduledNotification',
  'OversizedConfigurationItemChangeNotification',
];
const FUNCTION_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;

function sourceDetail(item: unknown, path: string): SourceDetail {
  const body = objectItem(item, path);
  optionalEnum(body, 'EventSource', ['aws.config']);
  const messageType = optionalEnum(body, 'MessageType', MESSAGE_TYPES);
  if (messageType === undefined)
    throw ConfigErrors.invalidParameter('SourceDetails MessageType must be specified.');
  const frequency = optionalEnum(body, 'MaximumExecutionFrequency', FREQUENCIES);
  return {
    EventSource: 'aws.config',
    MessageType: messageType,
    ...(frequency ? { MaximumExecutionFrequency: frequency } : {}),
  };
}

export function readSource(rule: Body): RuleSource {
  const body = optionalObject(rule, 'Source');
  if (!body) throw constraintError('configRule.source', undefined, 'Member must not be null');
  const owner = optionalEnum(body, 'Owner', OWNERS);
  if (owner === undefined) throw ConfigErrors.invalidParameter('Source Owner must be specified.');
  const identifier = optionalString(body, 'SourceIdentifier', { min: 1, max: 256 });
  const details = list(body, 'SourceDetails', sourceDetail, { max: 25 }) ?? [];
  const custom = optionalObject(body, 'CustomPolicyDetails');
  if (owner === 'CUSTOM_LAMBDA') {
    if (identifier === undefined || !FUNCTION_ARN.test(identifier))
      throw ConfigErrors.invalidParameter(
        `The sourceIdentifier ${identifier ?? 'null'} is invalid. Please refer to the documentation for a list of valid sourceIdentifiers that can be used when AWS is the Owner.`,
      );
    if (details.length === 0)
      throw ConfigErrors.invalidParameter(
        'SourceDetails should be null/empty if the owner is AWS. SourceDetails should be provided if the owner is CUSTOM_LAMBDA.',
      );
  }
  if (owner === 'AWS') {
    if (identifier === undefined) throw ConfigErrors.invalidParameter('SourceIdentifier must be specified.');
  }
  if (owner === 'CUSTOM_POLICY' && custom === undefined)
    throw ConfigErrors.invalidParameter(
      'CustomPolicyDetails must be provided if the owner is CUSTOM_POLICY.',
    );
  return {
    Owner: owner,
    ...(identifier !== undefined ? { SourceIdentifier: identifier } : {}),
    SourceDetails: details,
    ...(custom ? { CustomPolicyDetails: custom } : {}),
  };
}

export function readScope(rule: Body): RuleScope | undefined {
  const body = optionalObject(rule, 'Scope');
  if (!body) return undefined;
  const types = list(body, 'ComplianceResourceTypes', stringItem({ min: 1, max: 256 }), { max: 100 });
  const tagKey = optionalString(body, 'TagKey', { min: 1, max: 128 });
  const tagValue = optionalString(body, 'TagValue', { min: 0, max: 256 });
  const resourceId = optionalString(body, 'ComplianceResourceId', { min: 1, max: 768 });
  if (tagValue !== undefined && tagKey === undefined)
    throw ConfigErrors.invalidParameter('Scope TagValue cannot be specified without a TagKey.');
  if (resourceId !== undefined && types?.length !== 1)
    throw ConfigErrors.invalidParameter(
      'Scope ComplianceResourceId requires exactly one ComplianceResourceType to be specified.',
    );
  if (resourceId !== undefined && tagKey !== undefined)
    throw ConfigErrors.invalidParameter('Scope cannot have both a ComplianceResourceId and a TagKey.');
  const scope: RuleScope = {};
  if (types) scope.ComplianceResourceTypes = types;
  if (tagKey !== undefined) scope.TagKey = tagKey;
  if (tagValue !== undefined) scope.TagValue = tagValue;
  if (resourceId !== undefined) scope.ComplianceResourceId = resourceId;
  return scope;
}

/** InputParameters: a JSON object, as text. */
export function readInputParameters(rule: Body): string | undefined {
  const text = optionalString(rule, 'InputParameters', { min: 1, max: 1024 });
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw ConfigErrors.invalidParameter(`Invalid json ${text} passed in the InputParameters field`);
  return text;
}

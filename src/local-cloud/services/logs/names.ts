/**
 * Names, ARNs and value sets of CloudWatch Logs: log group and stream name rules, the retention periods
 * PutRetentionPolicy accepts, tag rules, and the resource ARNs IAM evaluates requests against.
 *
 * Group-level actions are authorized against `…:log-group:<name>:log-stream:` (the resource AWS names in
 * its AccessDenied messages), so a policy must grant `log-group:<name>:*` as on AWS; stream-level actions
 * against `…:log-group:<name>:log-stream:<stream>`.
 */
import { LogsErrors } from './errors.js';
import { type Body, checkString, optionalString, type StringLimits } from './input.js';

export interface Where {
  accountId: string;
  region: string;
}

export const GROUP_NAME: StringLimits = {
  min: 1,
  max: 512,
  pattern: { regex: /^[.\-_/#A-Za-z0-9]+$/, text: '[\\.\\-_/#A-Za-z0-9]+' },
};

export const STREAM_NAME: StringLimits = {
  min: 1,
  max: 512,
  pattern: { regex: /^[^:*]*$/, text: '[^:*]*' },
};

export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const LOG_GROUP_CLASSES = ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'] as const;

export const MAX_TAGS = 50;

/** `arn:aws:logs:<region>:<account>:log-group:<name>` (the `logGroupArn` of DescribeLogGroups). */
export function groupArn(where: Where, group: string): string {
  return `arn:aws:logs:${where.region}:${where.accountId}:log-group:${group}`;
}

/** The resource group-level actions are authorized against. */
export function groupResource(where: Where, group: string): string {
  return `${groupArn(where, group)}:log-stream:`;
}

export function streamArn(where: Where, group: string, stream: string): string {
  return `${groupArn(where, group)}:log-stream:${stream}`;
}

const ARN = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([.\-_/#A-Za-z0-9]+)(?::\*)?$/;

/** A log group ARN (with or without the trailing `:*`), or undefined. */
export function parseGroupArn(arn: string): (Where & { group: string }) | undefined {
  const match = ARN.exec(arn);
  return match ? { region: match[1]!, accountId: match[2]!, group: match[3]! } : undefined;
}

/**
 * The log group a request names: `logGroupName`, or `logGroupIdentifier` (a name or an ARN); the two are
 * mutually exclusive. Returns where the group lives (an ARN may name another account).
 */
export function groupOf(body: Body, where: Where): { where: Where; group: string } {
  const name = optionalString(body, 'logGroupName', GROUP_NAME);
  const identifier = optionalString(body, 'logGroupIdentifier', { min: 1, max: 2048 });
  if (name !== undefined && identifier !== undefined) {
    throw LogsErrors.invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  if (identifier !== undefined) {
    if (!identifier.startsWith('arn:')) {
      return { where, group: checkString('logGroupIdentifier', identifier, GROUP_NAME) };
    }
    const parsed = parseGroupArn(identifier);
    if (!parsed) throw LogsErrors.invalidParameter(`Invalid log group ARN: ${identifier}`);
    return { where: { accountId: parsed.accountId, region: parsed.region }, group: parsed.group };
  }
  if (name === undefined) {
    throw LogsErrors.invalidParameter('Either logGroupName or logGroupIdentifier must be specified.');
  }
  return { where, group: name };
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Checks tags as TagResource/CreateLogGroup do. */
export function checkTags(tags: Readonly<Record<string, string>>): void {
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS) {
    throw LogsErrors.invalidParameter(`A resource can have no more than ${MAX_TAGS} tags.`);
  }
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128 || !TAG_KEY.test(key)) {
      throw LogsErrors.invalidParameter(`Invalid tag key: ${key}`);
    }
    if (key.startsWith('aws:'))
      throw LogsErrors.invalidParameter('Tag keys starting with aws: are reserved.');
    if (value.length > 256 || !TAG_VALUE.test(value)) {
      throw LogsErrors.invalidParameter(`Invalid tag value for key ${key}: ${value}`);
    }
  }
}

/** `aws:RequestTag/<key>` and `aws:TagKeys` for requests that tag. */
export function requestTagKeys(tags: Readonly<Record<string, string>>): Record<string, string | string[]> {
  const keys = Object.keys(tags);
  if (keys.length === 0) return {};
  const context: Record<string, string | string[]> = { 'aws:TagKeys': keys };
  for (const [key, value] of Object.entries(tags)) context[`aws:RequestTag/${key}`] = value;
  return context;
}

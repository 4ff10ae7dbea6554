/**
 * Names and ARNs of EventBridge: rule and target ID rules, rule and event bus ARNs, and which event bus a
 * request names (only each account's `default` bus exists here).
 */
import { EventsErrors } from './errors.js';
import { type Body, optionalString, type StringLimits } from './input.js';

export interface Where {
  accountId: string;
  region: string;
}

export const RULE_NAME: StringLimits = {
  min: 1,
  max: 64,
  pattern: { regex: /^[.\-_A-Za-z0-9]+$/, text: '[\\.\\-_A-Za-z0-9]+' },
};

export const TARGET_ID: StringLimits = RULE_NAME;

export const DEFAULT_BUS = 'default';

export function ruleArn(where: Where, name: string): string {
  return `arn:aws:events:${where.region}:${where.accountId}:rule/${name}`;
}

export function busArn(where: Where, bus = DEFAULT_BUS): string {
  return `arn:aws:events:${where.region}:${where.accountId}:event-bus/${bus}`;
}

/**
 * The event bus `EventBusName` names (a name or an ARN); ResourceNotFoundException for any bus but the
 * caller's default one.
 */
export function busOf(body: Body, where: Where, member = 'EventBusName'): string {
  const given = optionalString(body, member, { min: 1, max: 1600 });
  if (given === undefined || given === DEFAULT_BUS || given === busArn(where)) return DEFAULT_BUS;
  throw EventsErrors.busNotFound(given.startsWith('arn:') ? given.slice(given.lastIndexOf('/') + 1) : given);
}

/** `aws:RequestTag/<key>` and `aws:TagKeys` for requests that tag. */
export function requestTagKeys(
  tags: readonly { Key: string; Value: string }[],
): Record<string, string | string[]> {
  if (tags.length === 0) return {};
  const keys: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const tag of tags) keys[`aws:RequestTag/${tag.Key}`] = tag.Value;
  return keys;
}

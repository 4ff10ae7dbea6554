/**
 * The event EventBridge hands to rules and targets: PutEvents entries and scheduled events wrapped in
 * the envelope AWS uses (`version`, `id`, `detail-type`, `source`, `account`, `time`, `region`,
 * `resources`, `detail`). Pure.
 */
import type { Where } from './names.js';

export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** `2024-01-02T03:04:05Z` (no fractional seconds, as AWS writes it). */
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export function eventTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function buildEvent(input: {
  id: string;
  where: Where;
  source: string;
  detailType: string;
  detail: unknown;
  resources?: readonly string[];
  time: Date;
}): EventEnvelope {
  return {
    version: '0',
    id: input.id,
    'detail-type': input.detailType,
    source: input.source,
    account: input.where.accountId,
    time: eventTime(input.time),
    region: input.where.region,
    resources: [...(input.resources ?? [])],
    detail: input.detail,
  };
}

/** The "Scheduled Event" a scheduled rule sends its targets. */
export function scheduledEvent(input: {
  id: string;
  where: Where;
  ruleArn: string;
  time: Date;
}): EventEnvelope {
  return buildEvent({
    id: input.id,
    where: input.where,
    source: 'aws.events',
    detailType: 'Scheduled Event',
    detail: {},
    resources: [input.ruleArn],
    time: input.time,
  });
}

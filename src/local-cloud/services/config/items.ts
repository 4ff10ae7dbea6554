/**
 * Configuration items: what AWS Config knows about one resource. Items come from PutResourceConfig
 * (stored) and from sources — services of the local cloud whose resources Config records (S3 buckets,
 * read from S3's state when a rule is evaluated). Two renderings: the invoking event's (`ARN`,
 * `awsAccountId`, objects) and the API's (GetResourceConfigHistory: `arn`, `accountId`, JSON strings).
 */
import { createHash } from 'node:crypto';
import type { Where } from './names.js';
import type { StoredResource } from './state.js';

export type ItemStatus = 'OK' | 'ResourceDiscovered' | 'ResourceNotRecorded' | 'ResourceDeleted';

export interface ConfigurationItem {
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  arn?: string;
  status: ItemStatus;
  /** ISO 8601. */
  captureTime: string;
  resourceCreationTime?: string;
  stateId: number;
  tags: Record<string, string>;
  configuration: unknown;
  /** Values are objects; the API sends them as JSON text. */
  supplementaryConfiguration: Record<string, unknown>;
}

/** Resources of another service, seen as configuration items of one account and region. */
export interface ConfigItemSource {
  readonly resourceTypes: readonly string[];
  items(where: Where, now: Date): ConfigurationItem[];
}

function parseConfiguration(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function storedItem(where: Where, resource: StoredResource): ConfigurationItem {
  return {
    accountId: where.accountId,
    region: where.region,
    resourceType: resource.resourceType,
    resourceId: resource.resourceId,
    resourceName: resource.resourceName,
    status: resource.stateId === 1 ? 'ResourceDiscovered' : 'OK',
    captureTime: resource.capturedAt,
    resourceCreationTime: resource.createdAt,
    stateId: resource.stateId,
    tags: resource.tags,
    configuration: parseConfiguration(resource.configuration),
    supplementaryConfiguration: {},
  };
}

function md5(item: ConfigurationItem): string {
  return createHash('md5')
    .update(JSON.stringify([item.configuration, item.supplementaryConfiguration, item.tags]))
    .digest('hex');
}

/** The `configurationItem` of a ConfigurationItemChangeNotification (record version 1.3). */
export function eventItem(item: ConfigurationItem): Record<string, unknown> {
  return {
    relatedEvents: [],
    relationships: [],
    configuration: item.configuration,
    supplementaryConfiguration: item.supplementaryConfiguration,
    tags: item.tags,
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: item.captureTime,
    configurationStateId: item.stateId,
    awsAccountId: item.accountId,
    configurationItemStatus: item.status,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: item.resourceName ?? null,
    ARN: item.arn ?? null,
    awsRegion: item.region,
    availabilityZone: 'Not Applicable',
    configurationStateMd5Hash: '',
    resourceCreationTime: item.resourceCreationTime ?? null,
  };
}

/** The `configurationItemSummary` of an OversizedConfigurationItemChangeNotification. */
export function itemSummary(item: ConfigurationItem): Record<string, unknown> {
  return {
    changeType:
      item.status === 'ResourceDiscovered'
        ? 'CREATE'
        : item.status === 'ResourceDeleted'
          ? 'DELETE'
          : 'UPDATE',
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: item.captureTime,
    configurationStateId: item.stateId,
    awsAccountId: item.accountId,
    configurationItemStatus: item.status,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: item.resourceName ?? null,
    ARN: item.arn ?? null,
    awsRegion: item.region,
    availabilityZone: 'Not Applicable',
    configurationStateMd5Hash: '',
    resourceCreationTime: item.resourceCreationTime ?? null,
  };
}

/** A `ConfigurationItem` of the API (GetResourceConfigHistory). */
export function apiItem(item: ConfigurationItem): Record<string, unknown> {
  const supplementary: Record<string, string> = {};
  for (const [key, value] of Object.entries(item.supplementaryConfiguration))
    supplementary[key] = JSON.stringify(value);
  return {
    version: '1.3',
    accountId: item.accountId,
    configurationItemCaptureTime: new Date(item.captureTime),
    configurationItemStatus: item.status,
    configurationStateId: String(item.stateId),
    configurationItemMD5Hash: md5(item),
    arn: item.arn,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: item.resourceName,
    awsRegion: item.region,
    availabilityZone: 'Not Applicable',
    resourceCreationTime: item.resourceCreationTime ? new Date(item.resourceCreationTime) : undefined,
    tags: item.tags,
    relatedEvents: [],
    relationships: [],
    configuration: JSON.stringify(item.configuration),
    supplementaryConfiguration: supplementary,
  };
}

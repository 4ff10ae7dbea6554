/**
 * Log groups: CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy,
 * DeleteRetentionPolicy.
 */
import { constraintError, LogsErrors } from '../errors.js';
import {
  optionalEnum,
  optionalInteger,
  optionalString,
  optionalStringMap,
  requiredString,
} from '../input.js';
import { authorizeOnGroup, groupsIn, requireGroup } from '../lookup.js';
import {
  checkTags,
  GROUP_NAME,
  groupResource,
  LOG_GROUP_CLASSES,
  RETENTION_DAYS,
  requestTagKeys,
} from '../names.js';
import { paginate } from '../paging.js';
import { groupShape } from '../shapes.js';
import { logsSlice, scopeKey } from '../state.js';
import type { LogsOperations } from './types.js';

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

export const groupOperations: LogsOperations = {
  CreateLogGroup(rt, body, call) {
    const name = requiredString(body, 'logGroupName', GROUP_NAME);
    const kmsKeyId = optionalString(body, 'kmsKeyId', { max: 256 });
    const logGroupClass = optionalEnum(body, 'logGroupClass', LOG_GROUP_CLASSES) ?? 'STANDARD';
    const tags = optionalStringMap(body, 'tags') ?? {};
    checkTags(tags);
    if (kmsKeyId !== undefined && !KMS_KEY_ARN.test(kmsKeyId)) {
      throw LogsErrors.invalidParameter(`Specified KMS key ARN is not valid: ${kmsKeyId}`);
    }
    const existing = authorizeOnGroup(
      rt.deps.store,
      call,
      { where: call.where, group: name },
      'logs:CreateLogGroup',
      requestTagKeys(tags),
    );
    if (existing) throw LogsErrors.groupExists();
    rt.deps.store.dispatch(logsSlice, 'createGroup', {
      scope: scopeKey(call.where),
      group: { name, createdAt: call.now.getTime(), kmsKeyId, logGroupClass, tags, streams: {} },
    });
    return undefined;
  },

  DeleteLogGroup(rt, body, call) {
    const name = requiredString(body, 'logGroupName', GROUP_NAME);
    requireGroup(rt.deps.store, call, { where: call.where, group: name }, 'logs:DeleteLogGroup');
    rt.deps.store.dispatch(logsSlice, 'deleteGroup', { scope: scopeKey(call.where), group: name });
    return undefined;
  },

  DescribeLogGroups(rt, body, call) {
    const prefix = optionalString(body, 'logGroupNamePrefix', GROUP_NAME);
    const pattern = optionalString(body, 'logGroupNamePattern', { max: 512 });
    const limit = optionalInteger(body, 'limit', { min: 1, max: 50 }) ?? 50;
    const token = optionalString(body, 'nextToken', { min: 1 });
    if (prefix !== undefined && pattern !== undefined) {
      throw LogsErrors.invalidParameter(
        'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
      );
    }
    call.authorize({
      action: 'logs:DescribeLogGroups',
      resource: groupResource(call.where, ''),
      resourceAccount: call.where.accountId,
    });
    const needle = pattern?.toLowerCase();
    const groups = groupsIn(rt.deps.store, call.where).filter(
      (g) =>
        (prefix === undefined || g.name.startsWith(prefix)) &&
        (needle === undefined || g.name.toLowerCase().includes(needle)),
    );
    const page = paginate({ items: groups, sortKey: (g) => g.name, limit, token });
    return {
      logGroups: page.items.map((g) => groupShape(call.where, g)),
      nextToken: page.nextToken,
    };
  },

  PutRetentionPolicy(rt, body, call) {
    const name = requiredString(body, 'logGroupName', GROUP_NAME);
    const days = optionalInteger(body, 'retentionInDays');
    if (days === undefined) throw constraintError('retentionInDays', undefined, 'Member must not be null');
    if (!(RETENTION_DAYS as readonly number[]).includes(days)) {
      throw constraintError(
        'retentionInDays',
        days,
        `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
      );
    }
    requireGroup(rt.deps.store, call, { where: call.where, group: name }, 'logs:PutRetentionPolicy');
    rt.deps.store.dispatch(logsSlice, 'setRetention', {
      scope: scopeKey(call.where),
      group: name,
      retentionInDays: days,
    });
    return undefined;
  },

  DeleteRetentionPolicy(rt, body, call) {
    const name = requiredString(body, 'logGroupName', GROUP_NAME);
    requireGroup(rt.deps.store, call, { where: call.where, group: name }, 'logs:DeleteRetentionPolicy');
    rt.deps.store.dispatch(logsSlice, 'setRetention', {
      scope: scopeKey(call.where),
      group: name,
      retentionInDays: null,
    });
    return undefined;
  },
};

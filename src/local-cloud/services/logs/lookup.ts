/**
 * Finding log groups and streams, and authorizing an action on them. IAM is asked before the group is
 * looked up (as AWS does), so a caller without permission learns nothing about what exists.
 */
import type { StateStore } from '../../state/store.js';
import { LogsErrors } from './errors.js';
import { groupArn, groupResource, streamArn, type Where } from './names.js';
import type { LogsCall } from './runtime.js';
import { type LogsState, logsSlice, type StoredGroup, type StoredStream, scopeKey } from './state.js';

export function findGroup(store: StateStore, where: Where, name: string): StoredGroup | undefined {
  return store.get<LogsState>(logsSlice).scopes[scopeKey(where)]?.groups[name];
}

export function groupsIn(store: StateStore, where: Where): StoredGroup[] {
  return Object.values(store.get<LogsState>(logsSlice).scopes[scopeKey(where)]?.groups ?? {});
}

type ContextKeys = Record<string, string | string[] | undefined>;

function resourceTagKeys(group: StoredGroup | undefined): ContextKeys {
  const keys: ContextKeys = {};
  for (const [key, value] of Object.entries(group?.tags ?? {})) keys[`aws:ResourceTag/${key}`] = value;
  return keys;
}

export interface GroupTarget {
  where: Where;
  group: string;
  /** `stream` scopes the resource to one stream; `arn` uses the plain group ARN (tagging actions). */
  resource?: { stream: string } | 'arn';
}

/** Authorizes `action` on a group (or one of its streams) and returns the group if it exists. */
export function authorizeOnGroup(
  store: StateStore,
  call: LogsCall,
  target: GroupTarget,
  action: string,
  contextKeys: ContextKeys = {},
): StoredGroup | undefined {
  const { where, group: name, resource } = target;
  const group = findGroup(store, where, name);
  const arn =
    resource === undefined
      ? groupResource(where, name)
      : resource === 'arn'
        ? groupArn(where, name)
        : streamArn(where, name, resource.stream);
  call.authorize({
    action,
    resource: arn,
    resourceAccount: where.accountId,
    contextKeys: { ...resourceTagKeys(group), ...contextKeys },
  });
  return group;
}

/** Like `authorizeOnGroup`, then ResourceNotFoundException when the group does not exist. */
export function requireGroup(
  store: StateStore,
  call: LogsCall,
  target: GroupTarget,
  action: string,
  contextKeys?: ContextKeys,
): StoredGroup {
  const group = authorizeOnGroup(store, call, target, action, contextKeys);
  if (!group) throw LogsErrors.groupNotFound();
  return group;
}

export function requireStream(group: StoredGroup, name: string): StoredStream {
  const stream = group.streams[name];
  if (!stream) throw LogsErrors.streamNotFound();
  return stream;
}

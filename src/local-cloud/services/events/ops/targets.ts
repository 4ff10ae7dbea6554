/**
 * Targets of rules: PutTargets, RemoveTargets, ListTargetsByRule. At most five targets per rule, as on
 * AWS. Targets are stored as given; the local cloud acts on Id, Arn, RoleArn, Input, InputPath and
 * InputTransformer.
 */
import { constraintError, EventsErrors } from '../errors.js';
import {
  type Body,
  checkString,
  list,
  objectItem,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requiredString,
  stringItem,
} from '../input.js';
import { authorizePassRole, requireRule } from '../lookup.js';
import { busOf, RULE_NAME, TARGET_ID } from '../names.js';
import { paginate } from '../paging.js';
import { eventsSlice, type StoredTarget, scopeKey } from '../state.js';
import { parsePath, RESERVED_PREFIX } from '../transform.js';
import { roleArnOf } from './rules.js';
import type { EventsOperations } from './types.js';

/** Targets a rule may have. */
export const MAX_TARGETS_PER_RULE = 5;

const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/;
const PATHS_MAP_KEY = /^[A-Za-z0-9_-]+$/;

function checkJson(text: string, member: string): void {
  try {
    JSON.parse(text);
  } catch {
    throw EventsErrors.validation(`Parameter ${member} is not valid JSON.`);
  }
}

function checkPath(path: string, member: string): void {
  if (parsePath(path) === undefined) throw EventsErrors.validation(`Parameter ${member} is not valid.`);
}

function inputTransformer(value: unknown): StoredTarget['InputTransformer'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw EventsErrors.serialization('InputTransformer must be an object.');
  }
  const body = value as Body;
  const template = requiredString(body, 'InputTemplate', { max: 8192 });
  const map = body['InputPathsMap'];
  if (map === undefined || map === null) return { InputTemplate: template };
  if (typeof map !== 'object' || Array.isArray(map))
    throw EventsErrors.serialization('InputPathsMap must be a map.');
  const entries = Object.entries(map as Record<string, unknown>);
  if (entries.length > 100) {
    throw constraintError('inputPathsMap', '[map]', 'Member must have length less than or equal to 100');
  }
  const paths: Record<string, string> = {};
  for (const [key, path] of entries) {
    if (!PATHS_MAP_KEY.test(key) || key.startsWith(RESERVED_PREFIX)) {
      throw EventsErrors.validation(`InputTransformer: InputPathsMap key ${key} is not valid.`);
    }
    if (typeof path !== 'string') throw EventsErrors.serialization(`InputPathsMap.${key} must be a string.`);
    checkPath(path, `InputPathsMap.${key}`);
    paths[key] = path;
  }
  return { InputPathsMap: paths, InputTemplate: template };
}

function readTarget(item: Body): StoredTarget {
  const id = requiredString(item, 'Id', TARGET_ID);
  const arn = requiredString(item, 'Arn', { max: 1600 });
  if (!ARN.test(arn)) throw EventsErrors.validation('Provided Arn is not in correct format.');
  const roleArn = roleArnOf(optionalString(item, 'RoleArn', { min: 1, max: 1600 }), 'RoleArn');
  const input = optionalString(item, 'Input', { max: 8192 });
  const inputPath = optionalString(item, 'InputPath', { max: 256 });
  const transformer =
    item['InputTransformer'] === undefined ? undefined : inputTransformer(item['InputTransformer']);
  const given = [input, inputPath, transformer].filter((v) => v !== undefined).length;
  if (given > 1)
    throw EventsErrors.validation('Only one of Input, InputPath, or InputTransformer must be provided.');
  if (input !== undefined) checkJson(input, 'Input');
  if (inputPath !== undefined) checkPath(inputPath, 'InputPath');
  const target: StoredTarget = { ...item, Id: id, Arn: arn };
  if (roleArn !== undefined) target.RoleArn = roleArn;
  if (transformer !== undefined) target.InputTransformer = transformer;
  return target;
}

export const targetOperations: EventsOperations = {
  PutTargets(rt, body, call) {
    const name = requiredString(body, 'Rule', RULE_NAME);
    busOf(body, call.where);
    const targets = list(body, 'Targets', (item, i) => readTarget(objectItem('Targets')(item, i)), {
      min: 1,
      max: 10,
    });
    if (targets === undefined) throw constraintError('targets', undefined, 'Member must not be null');
    const rule = requireRule(rt.deps.store, call, name, 'events:PutTargets');
    for (const target of targets) if (target.RoleArn !== undefined) authorizePassRole(call, target.RoleArn);
    const ids = new Set([...rule.targets.map((t) => t.Id), ...targets.map((t) => t.Id)]);
    if (ids.size > MAX_TARGETS_PER_RULE) {
      throw EventsErrors.limitExceeded('The requested resource exceeds the maximum number allowed.');
    }
    rt.deps.store.dispatch(eventsSlice, 'putTargets', { scope: scopeKey(call.where), rule: name, targets });
    return { FailedEntryCount: 0, FailedEntries: [] };
  },

  RemoveTargets(rt, body, call) {
    const name = requiredString(body, 'Rule', RULE_NAME);
    busOf(body, call.where);
    const ids = list(body, 'Ids', (item, i) => checkString('Ids', stringItem('Ids')(item, i), TARGET_ID), {
      min: 1,
      max: 100,
    });
    if (ids === undefined) throw constraintError('ids', undefined, 'Member must not be null');
    optionalBoolean(body, 'Force');
    requireRule(rt.deps.store, call, name, 'events:RemoveTargets');
    rt.deps.store.dispatch(eventsSlice, 'removeTargets', { scope: scopeKey(call.where), rule: name, ids });
    return { FailedEntryCount: 0, FailedEntries: [] };
  },

  ListTargetsByRule(rt, body, call) {
    const name = requiredString(body, 'Rule', RULE_NAME);
    busOf(body, call.where);
    const token = optionalString(body, 'NextToken', { min: 1, max: 2048 });
    const limit = optionalInteger(body, 'Limit', { min: 1, max: 100 }) ?? 100;
    const rule = requireRule(rt.deps.store, call, name, 'events:ListTargetsByRule');
    const page = paginate({ items: rule.targets, sortKey: (t) => t.Id, limit, token });
    return { Targets: page.items, NextToken: page.nextToken };
  },
};

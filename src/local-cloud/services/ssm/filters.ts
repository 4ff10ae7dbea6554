/**
 * ParameterFilters (DescribeParameters, GetParametersByPath) and DescribeParameters' older `Filters`:
 * reading and checking them, and matching a parameter against them.
 *
 *   DescribeParameters:  Name (Equals, BeginsWith, Contains), Path (OneLevel, Recursive), Type, KeyId,
 *                        Tier, DataType (Equals, BeginsWith), tag:<key> (Equals, BeginsWith; no values
 *                        = the tag is present)
 *   GetParametersByPath: Type, KeyId (Equals, BeginsWith), Label (Equals; no labels exist here)
 */
import { SsmErrors } from './errors.js';
import type { Fields, SsmFields } from './input.js';
import { canonicalPath, isUnder } from './names.js';
import { PARAMETER_TYPES, type StoredParameter, type StoredVersion } from './state.js';
import { TIERS } from './rules.js';

export type FilterContext = 'describe' | 'byPath';

export interface ParameterFilter {
  key: string;
  option: string;
  values: string[];
}

const VALID_KEYS: Record<FilterContext, readonly string[]> = {
  describe: ['Path', 'Name', 'Type', 'KeyId', 'Tier', 'DataType'],
  byPath: ['Type', 'KeyId', 'Label'],
};

const KEY_PATTERN = {
  regex: /^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$/,
  text: 'tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType',
};

function optionsFor(key: string): readonly string[] {
  if (key === 'Path') return ['Recursive', 'OneLevel'];
  if (key === 'Name') return ['BeginsWith', 'Equals', 'Contains'];
  if (key === 'Label') return ['Equals'];
  return ['BeginsWith', 'Equals'];
}

function checkValues(filter: ParameterFilter): void {
  const allowed = filter.key === 'Type' ? PARAMETER_TYPES : filter.key === 'Tier' ? TIERS : undefined;
  for (const value of filter.values) {
    if (allowed && !(allowed as readonly string[]).includes(value)) {
      throw SsmErrors.invalidFilterValue(
        `The following filter value is not valid: ${value}. Valid values include: [${allowed.join(', ')}].`,
      );
    }
    if (filter.key === 'Path') canonicalPath(value);
  }
}

function readFilter(f: Fields, context: FilterContext): ParameterFilter {
  const key = f.requiredString('Key', { max: 132, pattern: KEY_PATTERN });
  const isTag = key.startsWith('tag:');
  if (!isTag && !VALID_KEYS[context].includes(key))
    throw SsmErrors.invalidFilterKey(key, VALID_KEYS[context]);
  if (isTag && context === 'byPath') throw SsmErrors.invalidFilterKey(key, VALID_KEYS[context]);
  const option = f.string('Option', { min: 1, max: 10 }) ?? (key === 'Path' ? 'OneLevel' : 'Equals');
  const allowed = optionsFor(key);
  if (!allowed.includes(option)) throw SsmErrors.invalidFilterOption(option, allowed);
  const values = f.stringList('Values', { min: 1, max: 50 }) ?? [];
  for (const value of values) {
    if (value.length < 1 || value.length > 1024) {
      throw f.constraint('Values', value, 'Member must have length less than or equal to 1024');
    }
  }
  if (values.length === 0 && !isTag) {
    throw SsmErrors.invalidFilterValue(
      `The following filter values are missing : null for filter key ${key}.`,
    );
  }
  const filter = { key, option, values };
  checkValues(filter);
  return filter;
}

/** Reads `ParameterFilters` (undefined when absent). */
export function readParameterFilters(f: SsmFields, context: FilterContext): ParameterFilter[] {
  const filters = (f.objectList('ParameterFilters') ?? []).map((item) => readFilter(item, context));
  const seen = new Set<string>();
  for (const filter of filters) {
    if (seen.has(filter.key)) throw SsmErrors.duplicateFilter(filter.key);
    seen.add(filter.key);
  }
  return filters;
}

/** Reads DescribeParameters' older `Filters` (Name means "begins with"), as ParameterFilters. */
export function readLegacyFilters(f: SsmFields): ParameterFilter[] {
  return (f.objectList('Filters') ?? []).map((item) => {
    const key = item.requiredEnum('Key', ['Name', 'Type', 'KeyId'] as const);
    const values = item.requiredStringList('Values', { min: 1, max: 50 });
    return { key, option: key === 'Name' ? 'BeginsWith' : 'Equals', values };
  });
}

function compare(option: string, actual: string | undefined, values: readonly string[]): boolean {
  if (actual === undefined) return false;
  if (option === 'BeginsWith') return values.some((v) => actual.startsWith(v));
  if (option === 'Contains') return values.some((v) => actual.includes(v));
  return values.includes(actual);
}

/** A root-level name (`db`) can also be written `/db`: both spellings are compared. */
function nameMatches(option: string, name: string, values: readonly string[]): boolean {
  const spellings = name.startsWith('/') ? [name] : [name, `/${name}`];
  return spellings.some((spelling) => compare(option, spelling, values));
}

function matches(filter: ParameterFilter, parameter: StoredParameter, version: StoredVersion): boolean {
  const { key, option, values } = filter;
  if (key.startsWith('tag:')) {
    const tag = parameter.tags[key.slice(4)];
    return tag !== undefined && (values.length === 0 || compare(option, tag, values));
  }
  switch (key) {
    case 'Name':
      return nameMatches(option, parameter.name, values);
    case 'Path':
      return values.some((v) => isUnder(parameter.name, canonicalPath(v), option === 'Recursive'));
    case 'Type':
      return compare(option, version.type, values);
    case 'KeyId':
      return compare(option, version.keyId, values);
    case 'Tier':
      return compare(option, version.tier, values);
    case 'DataType':
      return compare(option, version.dataType, values);
    default:
      // Label: versions carry no labels here.
      return false;
  }
}

export function matchesAll(
  filters: readonly ParameterFilter[],
  parameter: StoredParameter,
  version: StoredVersion,
): boolean {
  return filters.every((filter) => matches(filter, parameter, version));
}

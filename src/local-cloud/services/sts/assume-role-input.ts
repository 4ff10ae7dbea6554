/**
 * The parameters of STS AssumeRole, checked as STS checks them (lengths, patterns, ranges).
 */
import { AwsError, type QueryParams } from '../../http/index.js';
import { validatePolicy } from '../../iam/index.js';

export interface AssumeRoleInput {
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number;
  externalId?: string;
  policy?: string;
  policyArns: string[];
  tags: Record<string, string>;
  transitiveTagKeys: string[];
}

export const STS_LIMITS = {
  minDurationSeconds: 900,
  maxDurationSeconds: 43200,
  /** Role chaining caps sessions at one hour. */
  chainedMaxDurationSeconds: 3600,
  defaultDurationSeconds: 3600,
  policyChars: 2048,
  policyArns: 10,
  sessionTags: 50,
} as const;

export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400 });
}

function constraint(field: string, value: string | null, rule: string): AwsError {
  return validationError(
    `1 validation error detected: Value ${value === null ? 'null' : `'${value}'`} at '${field}' failed to satisfy constraint: ${rule}`,
  );
}

function text(
  params: QueryParams,
  name: string,
  rule: { min: number; max: number; pattern?: RegExp; patternText?: string; required?: boolean },
): string | undefined {
  const field = name.charAt(0).toLowerCase() + name.slice(1);
  const value = params.get(name);
  if (value === undefined) {
    if (rule.required) throw constraint(field, null, 'Member must not be null');
    return undefined;
  }
  if (value.length < rule.min) {
    throw constraint(field, value, `Member must have length greater than or equal to ${rule.min}`);
  }
  if (value.length > rule.max)
    throw constraint(field, value, `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(value)) {
    throw constraint(field, value, `Member must satisfy regular expression pattern: ${rule.patternText}`);
  }
  return value;
}

function sessionTags(params: QueryParams): Record<string, string> {
  const members = params.members('Tags');
  if (members.length > STS_LIMITS.sessionTags) {
    throw constraint('tags', null, `Member must have length less than or equal to ${STS_LIMITS.sessionTags}`);
  }
  const tags: Record<string, string> = {};
  const seen = new Set<string>();
  for (const m of members) {
    const key = m.get('Key') ?? '';
    const value = m.get('Value') ?? '';
    if (key.length < 1 || key.length > 128 || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u.test(key)) {
      throw validationError(`The tag key ${key} is not valid.`);
    }
    if (value.length > 256 || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(value)) {
      throw validationError(`The value of tag ${key} is not valid.`);
    }
    if (seen.has(key.toLowerCase())) {
      throw validationError('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    }
    seen.add(key.toLowerCase());
    tags[key] = value;
  }
  return tags;
}

export function readAssumeRoleInput(params: QueryParams): AssumeRoleInput {
  const roleArn = text(params, 'RoleArn', { min: 20, max: 2048, required: true })!;
  const roleSessionName = text(params, 'RoleSessionName', {
    min: 2,
    max: 64,
    pattern: /^[\w+=,.@-]*$/,
    patternText: '[\\w+=,.@-]*',
    required: true,
  })!;
  const durationSeconds = params.int('DurationSeconds');
  if (durationSeconds !== undefined && durationSeconds < STS_LIMITS.minDurationSeconds) {
    throw constraint(
      'durationSeconds',
      String(durationSeconds),
      `Member must have value greater than or equal to ${STS_LIMITS.minDurationSeconds}`,
    );
  }
  if (durationSeconds !== undefined && durationSeconds > STS_LIMITS.maxDurationSeconds) {
    throw constraint(
      'durationSeconds',
      String(durationSeconds),
      `Member must have value less than or equal to ${STS_LIMITS.maxDurationSeconds}`,
    );
  }
  const externalId = text(params, 'ExternalId', {
    min: 2,
    max: 1224,
    pattern: /^[\w+=,.@:/-]*$/,
    patternText: '[\\w+=,.@:\\/-]*',
  });
  const policy = text(params, 'Policy', { min: 1, max: STS_LIMITS.policyChars });
  if (policy !== undefined) {
    const checked = validatePolicy(policy, 'identity');
    if (!checked.ok) throw new AwsError('MalformedPolicyDocument', checked.error.message, { status: 400 });
  }
  const policyArns = params.members('PolicyArns').map((m) => m.get('arn') ?? '');
  if (policyArns.length > STS_LIMITS.policyArns) {
    throw constraint(
      'policyArns',
      null,
      `Member must have length less than or equal to ${STS_LIMITS.policyArns}`,
    );
  }
  for (const arn of policyArns) {
    if (!/^arn:aws:iam::(\d{12}|aws):policy\/.+$/.test(arn))
      throw validationError(`${arn} is not a valid policy ARN.`);
  }
  const tags = sessionTags(params);
  const transitiveTagKeys = params.list('TransitiveTagKeys');
  for (const key of transitiveTagKeys) {
    if (!Object.keys(tags).some((k) => k.toLowerCase() === key.toLowerCase())) {
      throw validationError(`The transitive tag key ${key} is not one of the session tags.`);
    }
  }
  return {
    roleArn,
    roleSessionName,
    durationSeconds,
    externalId,
    policy,
    policyArns,
    tags,
    transitiveTagKeys,
  };
}

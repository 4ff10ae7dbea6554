/**
 * Parameters as the API describes them: `Parameter` (GetParameter*), `ParameterMetadata`
 * (DescribeParameters) and `ParameterHistory` (GetParameterHistory). Dates go out as epoch seconds.
 */
import { parameterArn, type Where } from './names.js';
import type { StoredParameter, StoredVersion } from './state.js';

function policiesShape(version: StoredVersion): Record<string, string>[] {
  if (version.policies === undefined) return [];
  const parsed: unknown = JSON.parse(version.policies);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((policy) => ({
    PolicyText: JSON.stringify(policy),
    PolicyType: String((policy as Record<string, unknown>)['Type']),
    // Policies are stored, not enforced.
    PolicyStatus: 'Pending',
  }));
}

export function parameterShape(
  where: Where,
  parameter: StoredParameter,
  version: StoredVersion,
  read: { value: string; selector?: string },
): Record<string, unknown> {
  return {
    Name: parameter.name,
    Type: version.type,
    Value: read.value,
    Version: version.version,
    Selector: read.selector === undefined ? undefined : `:${read.selector}`,
    LastModifiedDate: new Date(version.modifiedAt),
    ARN: parameterArn(where, parameter.name),
    DataType: version.dataType,
  };
}

export function metadataShape(where: Where, parameter: StoredParameter, version: StoredVersion) {
  return {
    Name: parameter.name,
    ARN: parameterArn(where, parameter.name),
    Type: version.type,
    KeyId: version.keyId,
    LastModifiedDate: new Date(version.modifiedAt),
    LastModifiedUser: version.modifiedBy,
    Description: version.description,
    AllowedPattern: version.allowedPattern,
    Version: version.version,
    Tier: version.tier,
    Policies: policiesShape(version),
    DataType: version.dataType,
  };
}

export function historyShape(parameter: StoredParameter, version: StoredVersion, value: string) {
  return {
    Name: parameter.name,
    Type: version.type,
    KeyId: version.keyId,
    LastModifiedDate: new Date(version.modifiedAt),
    LastModifiedUser: version.modifiedBy,
    Description: version.description,
    Value: value,
    AllowedPattern: version.allowedPattern,
    Version: version.version,
    Labels: [],
    Tier: version.tier,
    Policies: policiesShape(version),
    DataType: version.dataType,
  };
}

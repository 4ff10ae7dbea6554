/** Which configuration items a rule's Scope covers (pure). */
import type { ConfigurationItem } from './items.js';
import type { RuleScope } from './state.js';

export function inScope(scope: RuleScope | undefined, item: ConfigurationItem): boolean {
  if (!scope) return true;
  const types = scope.ComplianceResourceTypes ?? [];
  if (types.length > 0 && !types.includes(item.resourceType)) return false;
  if (scope.ComplianceResourceId !== undefined && scope.ComplianceResourceId !== item.resourceId)
    return false;
  if (scope.TagKey !== undefined) {
    if (!Object.hasOwn(item.tags, scope.TagKey)) return false;
    if (scope.TagValue !== undefined && item.tags[scope.TagKey] !== scope.TagValue) return false;
  }
  return true;
}

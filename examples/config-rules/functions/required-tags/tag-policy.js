/**
 * The tagging policy and its check. Pure: no AWS calls, no clock.
 *
 * Input parameters (strings, as AWS Config passes them):
 *   requiredTags   comma-separated tag keys every resource must carry,
 *                  e.g. "owner,cost-center,environment"
 *   allowedValues  optional, comma-separated `key=pattern` entries; a pattern
 *                  lists alternatives with | and may use * as a wildcard,
 *                  e.g. "environment=prod|staging|dev,cost-center=cc-*"
 */
import escapeStringRegexp from 'escape-string-regexp';

/** Config caps annotations at 256 characters. */
export const MAX_ANNOTATION = 256;

/** Statuses for which there is no resource left to judge. */
const GONE_STATUSES = ['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded'];

const list = (value) =>
  String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `prod|cc-*` → /^(?:prod|cc-.*)$/ ; everything but * matches itself. */
export function patternToRegExp(pattern) {
  const alternatives = pattern
    .split('|')
    .map((alt) => alt.trim().split('*').map(escapeStringRegexp).join('.*'));
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

/**
 * @param {string | undefined} ruleParameters  the rule's input parameters as JSON
 * @returns {{ requiredTags: string[], allowedValues: Map<string, { pattern: string, regexp: RegExp }> }}
 */
export function parsePolicy(ruleParameters) {
  const params = ruleParameters ? JSON.parse(ruleParameters) : {};
  const requiredTags = list(params.requiredTags);
  if (requiredTags.length === 0) {
    throw new Error(
      'The rule\'s "requiredTags" input parameter is empty: set it to tag keys, e.g. "owner,cost-center".',
    );
  }
  const allowedValues = new Map();
  for (const entry of list(params.allowedValues)) {
    const eq = entry.indexOf('=');
    if (eq <= 0 || eq === entry.length - 1) {
      throw new Error(
        `"allowedValues" entry "${entry}" is not key=pattern (e.g. "environment=prod|staging|dev").`,
      );
    }
    const pattern = entry.slice(eq + 1).trim();
    allowedValues.set(entry.slice(0, eq).trim(), { pattern, regexp: patternToRegExp(pattern) });
  }
  return { requiredTags, allowedValues };
}

/** What is wrong with a resource's tags, as sentences; empty when nothing is. */
export function tagProblems(tags, policy) {
  const problems = [];
  const missing = policy.requiredTags.filter((key) => !tags[key]);
  if (missing.length > 0) problems.push(`Missing tags: ${missing.join(', ')}.`);
  for (const [key, { pattern, regexp }] of policy.allowedValues) {
    const value = tags[key];
    if (value && !regexp.test(value)) problems.push(`Tag ${key}="${value}" does not match ${pattern}.`);
  }
  return problems;
}

/**
 * @param {{ resourceType: string, resourceId: string, configurationItemStatus: string,
 *           configurationItemCaptureTime: string, tags?: Record<string, string> }} item
 * @param {{ leftScope?: boolean }} [options]  leftScope: the resource no longer matches the rule's scope
 */
export function evaluateResource(item, policy, options = {}) {
  const result = (ComplianceType, annotation) => ({
    ComplianceResourceType: item.resourceType,
    ComplianceResourceId: item.resourceId,
    ComplianceType,
    ...(annotation ? { Annotation: annotation.slice(0, MAX_ANNOTATION) } : {}),
    OrderingTimestamp: new Date(item.configurationItemCaptureTime),
  });
  if (options.leftScope || GONE_STATUSES.includes(item.configurationItemStatus))
    return result('NOT_APPLICABLE');
  const problems = tagProblems(item.tags ?? {}, policy);
  return problems.length > 0 ? result('NON_COMPLIANT', problems.join(' ')) : result('COMPLIANT');
}

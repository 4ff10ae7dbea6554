/**
 * Turns the account's Config rule compliance into a short plain-text digest.
 * Pure: no AWS calls, no clock.
 */

/** SNS subjects are at most 100 ASCII characters. */
export const MAX_SUBJECT = 100;
/** Longer lists are cut, with a count of what was left out. */
export const MAX_LISTED_RULES = 50;

/**
 * @typedef {object} RuleCompliance  One entry of DescribeComplianceByConfigRule.
 * @property {string} ConfigRuleName
 * @property {{ ComplianceType?: string, ComplianceContributorCount?: { CappedCount?: number, CapExceeded?: boolean } }} [Compliance]
 */

/**
 * Groups rules by compliance. Non-compliant rules come first by number of
 * non-compliant resources, then by name.
 * @param {RuleCompliance[]} rules
 * @param {{ rulePrefix?: string }} [options]
 */
export function summarize(rules, options = {}) {
  const prefix = options.rulePrefix ?? '';
  const selected = rules.filter((r) => r.ConfigRuleName.startsWith(prefix));
  const byType = (type) =>
    selected.filter((r) => (r.Compliance?.ComplianceType ?? 'INSUFFICIENT_DATA') === type);
  const nonCompliant = byType('NON_COMPLIANT')
    .map((r) => ({
      name: r.ConfigRuleName,
      resources: r.Compliance?.ComplianceContributorCount?.CappedCount ?? 0,
      capped: r.Compliance?.ComplianceContributorCount?.CapExceeded === true,
    }))
    .sort((a, b) => b.resources - a.resources || a.name.localeCompare(b.name, 'en'));
  const names = (type) =>
    byType(type)
      .map((r) => r.ConfigRuleName)
      .sort((a, b) => a.localeCompare(b, 'en'));
  return {
    total: selected.length,
    nonCompliant,
    insufficientData: names('INSUFFICIENT_DATA'),
    compliant: names('COMPLIANT').length,
    notApplicable: names('NOT_APPLICABLE').length,
  };
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function listed(lines) {
  if (lines.length <= MAX_LISTED_RULES) return lines;
  return [...lines.slice(0, MAX_LISTED_RULES), `  ... and ${lines.length - MAX_LISTED_RULES} more`];
}

/**
 * @param {{ rules: RuleCompliance[], account: string, region: string, date?: string, rulePrefix?: string }} input
 * @returns {{ subject: string, message: string, nonCompliantRules: number }}
 */
export function buildDigest({ rules, account, region, date, rulePrefix }) {
  const s = summarize(rules, { rulePrefix });
  const where = `${account} ${region}`;
  const subject = (
    s.nonCompliant.length > 0
      ? `Config compliance ${where}: ${s.nonCompliant.length} of ${plural(s.total, 'rule', 'rules')} NON_COMPLIANT`
      : `Config compliance ${where}: no non-compliant rules`
  )
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, MAX_SUBJECT);

  const width = Math.max(0, ...s.nonCompliant.map((r) => r.name.length));
  const lines = [
    'AWS Config compliance digest',
    `Account ${account}, region ${region}${date ? `, ${date}` : ''}`,
    ...(rulePrefix ? [`Rules named ${rulePrefix}*`] : []),
    '',
  ];
  if (s.total === 0) {
    lines.push('No Config rules found.');
  } else if (s.nonCompliant.length === 0) {
    lines.push(`No non-compliant resources in ${plural(s.total, 'rule', 'rules')}.`);
  } else {
    lines.push(`${s.nonCompliant.length} of ${plural(s.total, 'rule is', 'rules are')} NON_COMPLIANT:`);
    const rows = s.nonCompliant.map(
      (r) =>
        `  ${r.name.padEnd(width)}  ${plural(r.resources, 'resource', 'resources')}${r.capped ? ' or more' : ''}`,
    );
    lines.push(...listed(rows));
  }
  if (s.insufficientData.length > 0) {
    lines.push(
      '',
      `${plural(s.insufficientData.length, 'rule has', 'rules have')} no results yet (INSUFFICIENT_DATA):`,
    );
    lines.push(...listed(s.insufficientData.map((name) => `  ${name}`)));
  }
  if (s.total > 0) {
    lines.push('', `Compliant: ${s.compliant}. Not applicable: ${s.notApplicable}.`);
  }
  return { subject, message: `${lines.join('\n')}\n`, nonCompliantRules: s.nonCompliant.length };
}

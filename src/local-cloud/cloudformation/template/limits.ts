/**
 * CloudFormation's template limits, by name. The local cloud imports nothing from fleetpipe, so these are
 * its own copy of the figures in AWS's quotas page (fleetpipe's src/limits.ts holds the same numbers).
 */
export const TemplateLimits = {
  /** Resources per template. */
  maxResources: 500,
  /** Parameters per template. */
  maxParameters: 200,
  /** Outputs per template. */
  maxOutputs: 200,
  /** TemplateBody passed inline, in bytes. */
  maxInlineBodyBytes: 51_200,
  /** Template fetched from S3 (TemplateURL), in bytes. */
  maxUrlBodyBytes: 1_000_000,
  /** Characters in the template Description. */
  maxDescriptionLength: 1024,
  /** Conditions in one Fn::And / Fn::Or. */
  minConditionOperands: 2,
  maxConditionOperands: 10,
  /** Subnets one Fn::Cidr may generate. */
  maxCidrCount: 256,
} as const;

/** Where a template body came from; decides which size limit applies. */
export type TemplateSource = 'body' | 'url';

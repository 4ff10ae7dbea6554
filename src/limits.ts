/**
 * AWS's limits, by name, in one place. Every check in fleetpipe refers to these.
 */
export const CloudFormationLimits = {
  /** Resources per template. */
  maxResources: 500,
  /** Parameters per template. */
  maxParameters: 200,
  /** Outputs per template. */
  maxOutputs: 200,
  /** Template body passed via S3 (TemplateURL). */
  maxTemplateBytesS3: 1_000_000,
  /** Template body passed inline (TemplateBody). */
  maxTemplateBytesInline: 51_200,
  /** Logical ID length. */
  maxLogicalIdLength: 255,
  /** Stack name length. */
  maxStackNameLength: 128,
  /** Conditions in Fn::And / Fn::Or. */
  maxConditionsInOr: 10,
  /** Change set name length. */
  maxChangeSetNameLength: 128,
} as const;

export const LambdaLimits = {
  /** Function name length. */
  maxFunctionNameLength: 64,
  /** Deployment package, unzipped, including layers. */
  maxUnzippedBytes: 250 * 1024 * 1024,
  /** Deployment package, zipped, uploaded directly (fleetpipe uploads via S3, but keeps within it anyway). */
  maxZippedBytesDirect: 50 * 1024 * 1024,
  minMemoryMb: 128,
  maxMemoryMb: 10_240,
  minTimeoutSeconds: 1,
  maxTimeoutSeconds: 900,
  /** Total size of environment variables. */
  maxEnvironmentBytes: 4 * 1024,
  maxDescriptionLength: 256,
} as const;

export const IamLimits = {
  /** Role name length. */
  maxRoleNameLength: 64,
  /** Inline policies per role, total size (characters, whitespace excluded). */
  maxRoleInlinePolicyBytes: 10_240,
} as const;

export const ConfigLimits = {
  maxRuleNameLength: 128,
  maxInputParametersBytes: 1024,
} as const;

export const EventBridgeLimits = {
  maxRuleNameLength: 64,
} as const;

/** CloudWatch Logs accepts only these retention values (days). */
export const LogRetentionDays = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

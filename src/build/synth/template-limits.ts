/**
 * CloudFormation's per-template limits, checked on finished templates. The
 * shard layout asks this module whether a group of function stacks fits.
 */
import { CloudFormationLimits } from '../../limits.js';
import type { CfnTemplate } from './cfn.js';

export interface TemplateLimits {
  maxResources: number;
  maxParameters: number;
  maxOutputs: number;
  /** Body size in bytes (UTF-8); fleetpipe passes every template by URL, so the S3 limit applies. */
  maxTemplateBytes: number;
}

export const DefaultTemplateLimits: TemplateLimits = {
  maxResources: CloudFormationLimits.maxResources,
  maxParameters: CloudFormationLimits.maxParameters,
  maxOutputs: CloudFormationLimits.maxOutputs,
  maxTemplateBytes: CloudFormationLimits.maxTemplateBytesS3,
};

export interface TemplateMeasure {
  /** The exact bytes that will be uploaded. */
  body: string;
  resources: number;
  parameters: number;
  outputs: number;
}

export interface TemplateLimitViolation {
  limit: keyof TemplateLimits;
  actual: number;
  max: number;
  message: string;
}

/** Every limit a finished template crosses (none: it fits). Limits are exact: no headroom. */
export function checkTemplateLimits(
  measure: TemplateMeasure,
  limits: TemplateLimits = DefaultTemplateLimits,
): TemplateLimitViolation[] {
  const checks: [keyof TemplateLimits, number, string][] = [
    ['maxResources', measure.resources, 'resources'],
    ['maxParameters', measure.parameters, 'parameters'],
    ['maxOutputs', measure.outputs, 'outputs'],
    ['maxTemplateBytes', Buffer.byteLength(measure.body, 'utf8'), 'bytes'],
  ];
  return checks
    .filter(([limit, actual]) => actual > limits[limit])
    .map(([limit, actual, unit]) => ({
      limit,
      actual,
      max: limits[limit],
      message: `${actual} ${unit}, more than the ${limits[limit]} CloudFormation allows`,
    }));
}

/** Counts a template's sections; `body` must be the template's canonical JSON. */
export function measureTemplate(template: CfnTemplate, body: string): TemplateMeasure {
  return {
    body,
    resources: Object.keys(template.Resources).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
  };
}

/** Fills an override (tests force sharding with tiny limits) with AWS's values. */
export function resolveTemplateLimits(override: Partial<TemplateLimits> = {}): TemplateLimits {
  return { ...DefaultTemplateLimits, ...override };
}

/**
 * Property validation of a resource against AWS's published schema for its type, worded as CloudFormation
 * words the resource's failure. Pure; call it with the resource's resolved properties (no intrinsic
 * functions left) before its provider runs:
 *
 *   const reason = validateProperties({ type: 'AWS::Lambda::Function', logicalId: 'Function', properties });
 *   if (reason !== undefined) // fail the resource with `reason` as its ResourceStatusReason
 *
 * Types data.json does not describe are not checked (undefined).
 */
import { findProblems } from './check.js';
import { resourceSchema } from './data.js';
import { problemsReason, type Wording } from './messages.js';

/**
 * How CloudFormation validates each type. Every type not listed has a registry handler (it is
 * provisionable through Cloud Control). AWS::IAM::Policy, AWS::SNS::TopicPolicy and
 * AWS::CodeBuild::Project are not; CloudFormation creates nested stacks itself and answers
 * "Encountered unsupported property TemplateBody" for AWS::CloudFormation::Stack.
 */
const WORDING: Record<string, Wording> = {
  'AWS::CloudFormation::Stack': 'legacy',
  'AWS::IAM::Policy': 'legacy',
  'AWS::SNS::TopicPolicy': 'legacy',
  'AWS::CodeBuild::Project': 'property-validation',
};

export interface ValidatePropertiesInput {
  type: string;
  logicalId: string;
  /** The resource's resolved properties ({} when the template gives none). */
  properties: Record<string, unknown>;
}

/** The ResourceStatusReason AWS gives for invalid properties, or undefined when they are valid. */
export function validateProperties(input: ValidatePropertiesInput): string | undefined {
  const schema = resourceSchema(input.type);
  if (schema === undefined) return undefined;
  const problems = findProblems(schema, input.properties);
  if (problems.length === 0) return undefined;
  return problemsReason(wordingOf(input.type), input.logicalId, problems);
}

/** The wording CloudFormation uses for a type's property errors. */
export function wordingOf(type: string): Wording {
  return Object.hasOwn(WORDING, type) ? WORDING[type]! : 'registry';
}

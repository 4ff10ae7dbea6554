/**
 * The local cloud's CloudFormation template engine. Pure: no I/O, no clock; AWS facts (account, region,
 * AZs, SSM parameters, exports, resources' physical IDs and attributes) come in as data or callbacks.
 *
 * A stack operation uses it in this order:
 *
 *   const template = parseTemplate(body, { source: 'body' });      // syntax + section shapes
 *   validateTemplate(template);                                      // references, cycles, transforms…
 *   checkCapabilities(template, request.Capabilities ?? []);
 *   const params = resolveParameters({ template, given, previous, ssm });
 *   const pseudo = pseudoParameters({ accountId, region, stackName, stackId });
 *   const conditions = evaluateConditions(template, { parameters: params.values, pseudo });
 *   const graph = dependencyGraph(template, { conditions });        // or createOrder(...) for waves
 *   const context = { parameters: params.values, pseudo, conditions, mappings: template.mappings,
 *                     resourceIds: new Set(Object.keys(template.resources)), ref, getAtt, importValue,
 *                     availabilityZones };
 *   resolveResource(template, logicalId, context)                    // once its dependencies exist
 *   resolveOutputs(template, context)                                // once every resource exists
 *
 * Errors are `TemplateError`s (an `AwsError`, code ValidationError or InsufficientCapabilitiesException)
 * worded as CloudFormation words them; README.md lists the wordings that could not be confirmed.
 */
export {
  type Capability,
  type CapabilityRequirement,
  checkCapabilities,
  requiredCapabilities,
} from './capabilities.js';
export { cidrSubnets } from './cidr.js';
export { type ConditionInputs, evaluateConditions } from './conditions.js';
export type { ResolveContext, TemplateBlock } from './context.js';
export { isTemplateError, TemplateError, type TemplateErrorCode, TemplateMessages } from './errors.js';
export { INTRINSIC_FUNCTIONS } from './functions.js';
export {
  createOrder,
  type DependencyGraph,
  deleteOrder,
  dependencyGraph,
  type GraphOptions,
  includedResources,
  referencedResources,
  waves,
} from './graph.js';
export { TemplateLimits, type TemplateSource } from './limits.js';
export {
  type ExportChangeInput,
  checkExportChanges,
  type ResolvedOutput,
  resolveOutputs,
} from './outputs.js';
export { parameterTypeInfo, type ParameterTypeInfo, type ParameterValueKind } from './parameter-types.js';
export {
  describeParameters,
  MASKED_VALUE,
  type ParameterInput,
  type ResolvedParameter,
  type ResolvedParameters,
  type ResolveParametersOptions,
  resolveParameters,
  type SsmParameterValue,
} from './parameters.js';
export { type ParseOptions, parseTemplate } from './parse.js';
export {
  isPseudoParameter,
  NO_VALUE_REF,
  PSEUDO_PARAMETER_NAMES,
  type PseudoParameterFacts,
  type PseudoParameters,
  partitionOf,
  pseudoParameters,
  urlSuffixOf,
} from './pseudo.js';
export {
  collectReferences,
  type CollectOptions,
  type GetAttReference,
  type References,
} from './references.js';
export { resolve, resolveCondition } from './resolve.js';
export { type ResolvedResource, resolveResource } from './resources.js';
export { parseSub, type SubPart, subVariables } from './sub.js';
export { type TemplateSummary, type TemplateSummaryParameter, templateSummary } from './summary.js';
export type {
  Mappings,
  OutputDeclaration,
  ParameterDeclaration,
  RefValue,
  ResourceDeclaration,
  Template,
  TemplateObject,
  TemplateValue,
} from './types.js';
export { NATIVE_TRANSFORMS, type ValidateTemplateResult, validateTemplate } from './validate.js';

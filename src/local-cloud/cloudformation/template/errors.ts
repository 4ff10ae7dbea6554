/**
 * Errors raised by the template engine, worded as CloudFormation words them.
 *
 * A `TemplateError` is an `AwsError` (code `ValidationError`, HTTP 400 unless said otherwise), so an API
 * handler can let it through unchanged; the stack engine uses its `message` as a ResourceStatusReason when
 * it happens while resolving a resource. `detail` says where in the template the problem is, for logs and
 * local users; AWS does not send it.
 *
 * Wordings. Each message below is marked:
 *   [confirmed]   seen verbatim in CloudFormation responses quoted in public issues, AWS knowledge-center
 *                 pages or responses recorded against AWS (e.g. LocalStack's validated snapshots);
 *   [shape]       the confirmed wording of a sibling message applied to this case (same sentence, other
 *                 section or number);
 *   [unconfirmed] no AWS response found; worded in CloudFormation's style. Listed again in README.md.
 */
import { AwsError } from '../../http/errors.js';

export type TemplateErrorCode = 'ValidationError' | 'InsufficientCapabilitiesException';

/** A template problem, as CloudFormation reports it (see the header). */
export class TemplateError extends AwsError {
  readonly detail: string | undefined;

  constructor(message: string, options: { code?: TemplateErrorCode; detail?: string } = {}) {
    super(options.code ?? 'ValidationError', message, { status: 400 });
    this.name = 'TemplateError';
    this.detail = options.detail;
  }
}

/** Whether an error came from the template engine. */
export function isTemplateError(err: unknown): err is TemplateError {
  return err instanceof TemplateError;
}

const format = (text: string): string => `Template format error: ${text}`;
const template = (text: string): string => `Template error: ${text}`;
const list = (names: readonly string[]): string => `[${names.join(', ')}]`;

/** Messages as CloudFormation words them (see the header for the confirmation marks). */
export const TemplateMessages = {
  // --- Syntax and size -------------------------------------------------------------------------------
  /** [confirmed] */
  jsonNotWellFormed: (line: number, column: number) =>
    format(`JSON not well-formed. (line ${line}, column ${column})`),
  /** [confirmed] (also seen without the position) */
  yamlNotWellFormed: (line?: number, column?: number) =>
    format(`YAML not well-formed.${line === undefined ? '' : ` (line ${line}, column ${column})`}`),
  /** [confirmed] the body is valid JSON/YAML but not a mapping. */
  unsupportedStructure: () => format('unsupported structure.'),
  /** [confirmed] inline TemplateBody over 51,200 bytes; AWS echoes the body in the message. */
  bodyTooLong: (body: string, limit: number) =>
    `1 validation error detected: Value '${body}' at 'templateBody' failed to satisfy constraint: ` +
    `Member must have length less than or equal to ${limit}`,
  /** [unconfirmed] template fetched from a URL over the 1 MB limit. */
  urlBodyTooLong: (limit: number) => format(`Template may not exceed ${limit} bytes in size.`),

  // --- Top-level sections ----------------------------------------------------------------------------
  /** [confirmed] (AWS knowledge center; sent without the "Template format error:" prefix) */
  invalidSections: (names: readonly string[]) => `Invalid template property or properties ${list(names)}`,
  /** [unconfirmed] */
  unsupportedVersion: (version: string) => format(`Unsupported AWSTemplateFormatVersion: ${version}`),
  /** [unconfirmed] */
  descriptionNotString: () => format('Every Description member must be a string.'),
  /** [confirmed] */
  descriptionTooLong: (limit: number) => format(`'Description' length is greater than ${limit}.`),
  /** [unconfirmed] a section that must be a map is something else. */
  sectionNotObject: (section: string) => format(`Every ${section} member must be an object.`),
  /**
   * [unconfirmed] the local cloud does not run macros: Transform (AWS::Serverless, AWS::Include, account
   * macros) and Fn::Transform are refused outright.
   */
  transformUnsupported: (names: readonly string[]) =>
    format(
      `Transform ${list(names)} is not supported by the local cloud: it does not run CloudFormation macros ` +
        '(AWS::Serverless, AWS::Include or account macros). Deploy the processed template instead.',
    ),
  /** [unconfirmed] Fn::ForEach needs AWS::LanguageExtensions' loop expansion, which is not implemented. */
  forEachUnsupported: (key: string) =>
    format(`${key}: Fn::ForEach is not supported by the local cloud. Expand the loop before deploying.`),

  // --- Resources -------------------------------------------------------------------------------------
  /** [confirmed] */
  noResources: () => format('At least one Resources member must be defined.'),
  /** [confirmed] */
  resourceNotObject: () => format('Any Resources member must be an object.'),
  /** [confirmed] */
  resourceNameNotAlphanumeric: (name: string) => format(`Resource name ${name} is non alphanumeric.`),
  /** [confirmed] */
  resourceWithoutType: (name: string) =>
    format(`[/Resources/${name}] Every Resources object must contain a Type member.`),
  /** [confirmed] (sent without the prefix) */
  invalidResourceAttribute: (attribute: string) => `Invalid template resource property '${attribute}'`,
  /** [unconfirmed] */
  propertiesNotObject: (name: string) => format(`[/Resources/${name}/Properties] must be an object.`),
  /** [unconfirmed] */
  dependsOnNotStrings: (name: string) =>
    format(`[/Resources/${name}/DependsOn] DependsOn must be a string or list of strings.`),
  /** [unconfirmed] */
  invalidDeletionPolicy: (name: string, attribute: string, value: string) =>
    format(`Unrecognized ${attribute} ${value} for resource ${name}`),
  /** [confirmed] */
  tooManyResources: (count: number, limit: number) =>
    format(`Number of resources, ${count}, is greater than maximum allowed, ${limit}`),
  /** [confirmed] (used later by the stack engine for types it has no provider for) */
  unrecognizedResourceTypes: (types: readonly string[]) =>
    format(`Unrecognized resource types: ${list(types)}`),

  // --- Parameters ------------------------------------------------------------------------------------
  /** [confirmed] */
  parameterNameNotAlphanumeric: (name: string) => format(`Parameter name ${name} is non alphanumeric.`),
  /** [shape] of the Resources message; seen without the path in older answers. */
  parameterWithoutType: (name: string) =>
    format(`[/Parameters/${name}] Every Parameters object must contain a Type member.`),
  /** [confirmed] (AWS knowledge center) */
  unrecognizedParameterType: (type: string) => format(`Unrecognized parameter type: ${type}`),
  /** [confirmed] (AWS knowledge center; sent without the prefix) */
  invalidParameterAttribute: (attribute: string) => `Invalid template parameter property '${attribute}'`,
  /** [unconfirmed] */
  allowedValuesNotList: (name: string) => format(`[/Parameters/${name}/AllowedValues] must be a list.`),
  /** [unconfirmed] */
  parameterAttributeNotNumber: (name: string, attribute: string) =>
    format(`[/Parameters/${name}/${attribute}] must be a number.`),
  /** [confirmed] (the count form; the limit is now 200) */
  tooManyParameters: (count: number, limit: number) =>
    format(`Parameter count ${count} is greater than max allowed ${limit}`),
  /** [confirmed] */
  parametersMustHaveValues: (names: readonly string[]) => `Parameters: ${list(names)} must have values`,
  /** [confirmed] */
  parametersDoNotExist: (names: readonly string[]) =>
    `Parameters: ${list(names)} do not exist in the template`,
  /** [confirmed] */
  notInAllowedValues: (name: string) => `Parameter '${name}' must be one of AllowedValues`,
  /** [confirmed] */
  patternMismatch: (name: string, pattern: string) => `Parameter '${name}' must match pattern ${pattern}`,
  /** [confirmed] */
  tooShort: (name: string, min: number) => `Parameter '${name}' must contain at least ${min} characters`,
  /** [shape] of the MinLength message. */
  tooLong: (name: string, max: number) => `Parameter '${name}' must contain at most ${max} characters`,
  /** [confirmed] */
  notANumber: (name: string) => `Parameter '${name}' must be a number.`,
  /** [unconfirmed] */
  numberTooSmall: (name: string, min: number) => `Parameter '${name}' must be a number not less than ${min}`,
  /** [unconfirmed] */
  numberTooLarge: (name: string, max: number) =>
    `Parameter '${name}' must be a number not greater than ${max}`,
  /** [confirmed] replaces the constraint messages above when the parameter has a ConstraintDescription. */
  constraintFailed: (name: string, description: string) =>
    `Parameter ${name} failed to satisfy constraint: ${description}`,
  /** [confirmed] (recorded against AWS for an SSM parameter that does not exist) */
  ssmParameterMissing: (name: string) => `Parameter ${name} should either have input value or default value`,
  /** [unconfirmed] an SSM parameter whose type does not fit the declared AWS::SSM::Parameter::Value<…>. */
  ssmParameterWrongType: (names: readonly string[]) =>
    `Parameters ${list(names)} referenced by template have types not supported by CloudFormation.`,

  // --- Mappings --------------------------------------------------------------------------------------
  /** [confirmed] */
  mappingMemberNotMap: (key: string) => format(`Every Mappings member ${key} must be a map`),
  /** [confirmed] */
  mappingAttributeNotStringOrList: () => format('Every Mappings attribute must be a String or a List.'),
  /** [shape] of the Resources message. */
  mappingNameNotAlphanumeric: (name: string) => format(`Mapping name ${name} is non alphanumeric.`),

  // --- Conditions ------------------------------------------------------------------------------------
  /** [confirmed] (AWS knowledge center) */
  conditionNotString: () => format('Every Condition member must be a string.'),
  /** [confirmed] */
  conditionNotDefined: (name: string) => format(`Condition ${name} is not defined.`),
  /** [confirmed] */
  conditionReferencesResource: (names: readonly string[]) =>
    format(
      `Unresolved dependencies ${list(names)}. Cannot reference resources in the Conditions block of the template`,
    ),
  /** [unconfirmed] */
  conditionCycle: (names: readonly string[]) =>
    format(`Circular dependency between conditions: ${list(names)}`),
  /** [unconfirmed] a condition that is not a condition function. */
  conditionNotBoolean: (name: string) =>
    format(`Conditions can only be boolean operations on parameters and other conditions (${name})`),

  // --- Outputs ---------------------------------------------------------------------------------------
  /** [confirmed] */
  outputWithoutValue: () => format('Every Outputs member must contain a Value object'),
  /** [confirmed] */
  outputNullValue: (name: string) => `[/Outputs/${name}/Value] 'null' values are not allowed in templates`,
  /** [confirmed] */
  invalidOutputAttribute: (attribute: string) => format(`Invalid outputs property : [${attribute}].`),
  /** [shape] of the Resources message. */
  outputNameNotAlphanumeric: (name: string) => format(`Output name ${name} is non alphanumeric.`),
  /** [confirmed] (the count form; the limit is now 200) */
  tooManyOutputs: (count: number, limit: number) =>
    format(`Outputs count ${count} is greater than max allowed ${limit}`),
  /** [confirmed] (note AWS's double space) */
  exportNameDependsOnResource: (output: string) =>
    format(
      `Output ${output} is malformed.  The Name field of Export must not depend on any resources, imported values, or Fn::GetAZs.`,
    ),
  /** [unconfirmed] */
  exportWithoutName: (output: string) =>
    format(
      `Output ${output} is malformed.  The Name field of every Export member must be specified and consist only of alphanumeric characters, colons, or hyphens.`,
    ),
  /** [unconfirmed] an output value that resolves to a list or object. */
  outputNotString: (output: string) =>
    template(
      `the Value field of every Outputs member must evaluate to a String, not a list or object (${output})`,
    ),

  // --- References and the dependency graph ----------------------------------------------------------
  /** [confirmed] */
  unresolvedInResources: (names: readonly string[]) =>
    format(`Unresolved resource dependencies ${list(names)} in the Resources block of the template`),
  /** [confirmed] (sent without the prefix) */
  unresolvedInOutputs: (names: readonly string[]) =>
    `Unresolved resource dependencies ${list(names)} in the Outputs block of the template`,
  /** [confirmed] */
  getAttUndefinedResource: (name: string) =>
    template(`instance of Fn::GetAtt references undefined resource ${name}`),
  /** [confirmed] (sent without a prefix) */
  circularDependency: (names: readonly string[]) => `Circular dependency between resources: ${list(names)}`,

  // --- Intrinsic functions ---------------------------------------------------------------------------
  /** [confirmed] */
  refShape: () => template('every Ref object must have a single String value.'),
  /** [confirmed] */
  getAttShape: () =>
    template(
      'every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
    ),
  /** [confirmed] */
  joinShape: () =>
    template(
      'every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    ),
  /** [confirmed] */
  splitShape: () =>
    template(
      'every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.',
    ),
  /** [confirmed] */
  selectShape: () =>
    template('Fn::Select requires a list argument with two elements: an integer index and a list'),
  /** [confirmed] */
  selectOutOfRange: (index: number | string) =>
    template(`Fn::Select cannot select nonexistent value at index ${index}`),
  /** [confirmed] */
  findInMapShape: () =>
    template(
      'every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value',
    ),
  /** [confirmed] */
  mappingNotFound: (map: string, top: string, second: string) =>
    template(`Unable to get mapping for ${map}::${top}::${second}`),
  /** [confirmed] */
  subShape: () =>
    template(
      "One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string",
    ),
  /** [confirmed] */
  subVariableValue: () =>
    template(
      'every value of the context object of every Fn::Sub object must be a string or a function that returns a string',
    ),
  /** [confirmed] */
  subVariableName: () =>
    template(
      'variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons',
    ),
  /** [unconfirmed] */
  subVariableNotString: (name: string) =>
    template(`variable ${name} in Fn::Sub expression does not resolve to a string`),
  /** [confirmed] */
  equalsShape: () => template('every Fn::Equals object requires a list of 2 string parameters.'),
  /** [confirmed] (Fn::And; AWS's own spelling "atleast"/"atmost") */
  andOrShape: (fn: 'Fn::And' | 'Fn::Or') =>
    template(`every ${fn} object requires a list of atleast 2 and atmost 10 boolean parameters.`),
  /** [unconfirmed] */
  notShape: () => template('every Fn::Not object requires a list of 1 boolean parameter.'),
  /** [unconfirmed] */
  conditionShape: () => template('every Condition object requires a single String value.'),
  /** [unconfirmed] */
  ifShape: () => template('Fn::If requires a list argument with three elements'),
  /** [confirmed] */
  ifFirstElement: () => template('Fn::If requires a list argument with the first element being a condition'),
  /** [confirmed] */
  ifUnknownCondition: (name: string) => template(`unresolved condition dependency ${name} in Fn::If`),
  /** [unconfirmed] */
  getAzsShape: () => template('Fn::GetAZs requires a string region name or an empty string.'),
  /** [unconfirmed] */
  base64Shape: () => template('every Fn::Base64 object requires a String value.'),
  /** [unconfirmed] */
  cidrShape: () =>
    template(
      'every Fn::Cidr object requires three parameters, (1) an IP address block in CIDR notation, (2) the count of subnets to generate (1-256) and (3) the number of subnet bits.',
    ),
  /** [unconfirmed] */
  cidrInvalid: (reason: string) => template(`Fn::Cidr ${reason}`),
  /** [unconfirmed] */
  importValueShape: () =>
    template('every Fn::ImportValue object requires a String value or a function that returns one.'),
  /** [confirmed] */
  noSuchExport: (name: string) => `No export named ${name} found`,
  /** [unconfirmed] */
  lengthShape: () => template('Fn::Length requires a list argument or a function that returns a list.'),
  /** [unconfirmed] */
  toJsonStringShape: () => template('Fn::ToJsonString requires an object or list argument.'),
  /** [unconfirmed] (recalled, not found in a public answer) an `Fn::` key CloudFormation does not know. */
  unknownFunction: (name: string, supported: readonly string[]) =>
    format(`Encountered unsupported function: ${name} Supported functions are: ${list(supported)}`),
  /** [unconfirmed] (moto's wording) a GetAtt the resource's provider does not answer. */
  getAttUnsupported: (name: string, attribute: string) =>
    template(`resource ${name} does not support attribute type ${attribute} in Fn::GetAtt`),
  /** [confirmed] (shape of the GetAtt message in a stack event) */
  unsupportedAttribute: (type: string, attribute: string) =>
    `Resource type ${type} does not support attribute {${attribute}}`,

  // --- Exports ---------------------------------------------------------------------------------------
  /** [confirmed] */
  exportAlreadyExported: (name: string, stack: string) =>
    `Export with name ${name} is already exported by stack ${stack}`,
  /** [confirmed] */
  exportInUseCannotDelete: (name: string, importers: readonly string[]) =>
    `Export ${name} cannot be deleted as it is in use by ${importers.join(', ')}`,
  /** [confirmed] */
  exportInUseCannotUpdate: (name: string, importers: readonly string[]) =>
    `Export ${name} cannot be updated as it is in use by ${importers.join(', ')}`,

  // --- Capabilities ----------------------------------------------------------------------------------
  /** [confirmed] InsufficientCapabilitiesException */
  requiresCapabilities: (capabilities: readonly string[]) => `Requires capabilities : ${list(capabilities)}`,
  /** [confirmed] GetTemplateSummary / ValidateTemplate CapabilitiesReason */
  capabilitiesReason: (types: readonly string[]) =>
    `The following resource(s) require capabilities: ${list(types)}`,
} as const;

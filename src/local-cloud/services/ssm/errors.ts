/**
 * Parameter Store errors as the service sends them: codes and, where known, the message wording of the
 * real API. Wordings seen in AWS answers are marked [confirmed]; the others follow the API reference's
 * descriptions and are marked [unconfirmed].
 */
import { AwsError } from '../../http/errors.js';

/** [confirmed] What a malformed parameter name answers (AWS blames "ssm" whatever the cause). */
export const INVALID_NAME_MESSAGE =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of ' +
  'sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the ' +
  'following 3 symbols .-_';

/** [confirmed] What a malformed hierarchy path (GetParametersByPath, Path filters) answers. */
export const INVALID_PATH_MESSAGE =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". ' +
  'It can\'t be prefixed with \\"aws\\" or \\"ssm\\" (case-insensitive). It must use only letters, numbers, or the ' +
  'following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, ' +
  'if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.';

const ADVANCED_TIER_DOC =
  'https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html';

const validation = (message: string) => new AwsError('ValidationException', message);

export const SsmErrors = {
  validation,
  invalidName: () => validation(INVALID_NAME_MESSAGE),
  invalidPath: () => validation(INVALID_PATH_MESSAGE),
  /** [unconfirmed] */
  reservedPrefix: () =>
    validation('Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).'),
  /** [unconfirmed] `/aws/…` holds AWS's public parameters. */
  reservedPath: (name: string) =>
    new AwsError('AccessDeniedException', `No access to reserved parameter name: ${name}.`),
  /** [unconfirmed] The API reference: names may use 1011 characters, the ARN before the name included. */
  nameTooLong: (max: number) =>
    validation(
      `Parameter name can't exceed ${max} characters, including the ARN that precedes the name you specify.`,
    ),
  /** [unconfirmed] wording; the limit (15 levels) is documented. */
  hierarchyTooDeep: () =>
    new AwsError(
      'HierarchyLevelLimitExceededException',
      'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.',
    ),
  /** [confirmed] GetParameter and DeleteParameter answer it with an empty message. */
  notFound: () => new AwsError('ParameterNotFound', ''),
  /** [confirmed] */
  versionNotFound: (name: string, version: string) =>
    new AwsError(
      'ParameterVersionNotFound',
      `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`,
    ),
  /** [confirmed] */
  alreadyExists: () =>
    new AwsError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    ),
  /** [confirmed] */
  tagsWithOverwrite: () =>
    validation(
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    ),
  /** [unconfirmed] */
  typeRequired: () => validation('A parameter type is required when you create a parameter.'),
  /** [confirmed] */
  standardValueTooLong: (max: number) =>
    validation(
      `Standard tier parameters support a maximum parameter value of ${max} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see ${ADVANCED_TIER_DOC}`,
    ),
  /** [unconfirmed] */
  advancedValueTooLong: (max: number) =>
    validation(`Advanced tier parameters support a maximum parameter value of ${max} characters.`),
  /** [unconfirmed] */
  tierDowngrade: () =>
    validation(
      "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.",
    ),
  /** [unconfirmed] */
  policiesNeedAdvanced: () =>
    validation(
      `Parameter policies are supported only for the advanced-parameter tier. For more information, see ${ADVANCED_TIER_DOC}`,
    ),
  /** [unconfirmed] */
  nestedReference: () =>
    validation('Parameter value can\'t nest another parameter. Do not use "{{}}" in the value.'),
  /** [unconfirmed] */
  unsupportedDataType: (dataType: string) =>
    validation(`The following data type is not supported: ${dataType} (Data type names are all lowercase.)`),
  /** [unconfirmed] */
  dataTypeNeedsString: (dataType: string) =>
    validation(`The ${dataType} data type can only be used with parameters of type String.`),
  /** [unconfirmed] AWS checks the AMI asynchronously; here the format is checked synchronously. */
  invalidImageId: (value: string) =>
    validation(`Parameter value, ${value}, is not a valid Amazon Machine Image (AMI) ID.`),
  /** [unconfirmed] */
  keyIdNotSecure: () => validation('KeyId is required for SecureString type parameter only.'),
  /** [unconfirmed] */
  invalidKeyId: (ref: string) => new AwsError('InvalidKeyId', `Invalid KeyId: ${ref}`),
  /** [unconfirmed] */
  patternMismatch: (pattern: string) =>
    new AwsError(
      'ParameterPatternMismatchException',
      `Parameter value, cannot be validated against allowedPattern: ${pattern}`,
    ),
  /** [unconfirmed] */
  invalidAllowedPattern: () =>
    new AwsError(
      'InvalidAllowedPatternException',
      "The request doesn't meet the regular expression requirement.",
    ),
  /** [unconfirmed] */
  invalidPolicyType: (type: string) =>
    new AwsError(
      'InvalidPolicyTypeException',
      `The following policy type is not supported: ${type}. Parameter Store supports the following policy types: Expiration, ExpirationNotification, and NoChangeNotification.`,
    ),
  /** [unconfirmed] */
  invalidPolicyAttribute: (detail: string) =>
    new AwsError('InvalidPolicyAttributeException', `A policy attribute or its value is invalid: ${detail}`),
  /** [unconfirmed] */
  tooManyPolicies: (max: number) =>
    new AwsError(
      'PoliciesLimitExceededException',
      `You specified more than the maximum number of allowed policies for the parameter. The maximum is ${max}.`,
    ),
  /** [unconfirmed] */
  incompatiblePolicies: (type: string) =>
    new AwsError(
      'IncompatiblePolicyException',
      `There is a conflict in the policies specified for this parameter: more than one ${type} policy.`,
    ),
  /** [unconfirmed] */
  invalidToken: () => new AwsError('InvalidNextToken', "The specified token isn't valid."),
  /** [unconfirmed] (wording from moto, which records AWS's answers) */
  invalidFilterKey: (key: string, valid: readonly string[]) =>
    new AwsError(
      'InvalidFilterKey',
      `The following filter key is not valid: ${key}. Valid filter keys include: [${valid.join(', ')}].`,
    ),
  /** [unconfirmed] */
  invalidFilterOption: (option: string, valid: readonly string[]) =>
    new AwsError(
      'InvalidFilterOption',
      `The following filter option is not valid: ${option}. Valid options include: [${valid.join(', ')}].`,
    ),
  /** [unconfirmed] */
  invalidFilterValue: (message: string) => new AwsError('InvalidFilterValue', message),
  /** [unconfirmed] */
  duplicateFilter: (key: string) =>
    new AwsError(
      'InvalidFilterKey',
      `The following filter is duplicated in the request: ${key}. A request can contain only one occurrence of a specific filter.`,
    ),
  /** [unconfirmed] */
  filtersAndParameterFilters: () =>
    validation('You can use either Filters or ParameterFilters in a single request.'),
  /** [unconfirmed] (the API reference's description) */
  invalidResourceId: () =>
    new AwsError(
      'InvalidResourceId',
      "The resource ID isn't valid. Verify that you entered the correct ID and try again.",
    ),
  /** [unconfirmed] */
  tooManyTags: (max: number) =>
    new AwsError('TooManyTagsError', `A resource can have no more than ${max} tags.`),
  /** [unconfirmed] */
  reservedTagKey: (key: string) =>
    validation(`Tag keys beginning with "aws:" are reserved for AWS use: ${key}`),
  anonymous: () =>
    new AwsError('AccessDeniedException', 'Systems Manager requests must be signed by a known principal.'),
} as const;

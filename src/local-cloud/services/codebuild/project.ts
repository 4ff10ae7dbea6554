/**
 * The project members of CreateProject/UpdateProject: read from the request and checked the way CodeBuild
 * checks them (source and artifacts types and their locations, CODEPIPELINE source with CODEPIPELINE
 * artifacts, the build environment), returned in the shape BatchGetProjects answers.
 */
import type { Fields } from '../shared/fields.js';
import type { StringLimits } from '../shared/json-input.js';
import { BuildErrors } from './errors.js';

export const PROJECT_NAME: StringLimits = {
  min: 2,
  max: 255,
  pattern: { regex: /^[A-Za-z0-9][A-Za-z0-9\-_]{1,254}$/, text: '[A-Za-z0-9][A-Za-z0-9\\-_]{1,254}' },
};

export const SOURCE_TYPES = [
  'CODECOMMIT',
  'CODEPIPELINE',
  'GITHUB',
  'GITLAB',
  'GITLAB_SELF_MANAGED',
  'S3',
  'BITBUCKET',
  'GITHUB_ENTERPRISE',
  'NO_SOURCE',
] as const;
export const ARTIFACTS_TYPES = ['CODEPIPELINE', 'S3', 'NO_ARTIFACTS'] as const;
export const ENVIRONMENT_TYPES = [
  'WINDOWS_CONTAINER',
  'LINUX_CONTAINER',
  'LINUX_GPU_CONTAINER',
  'ARM_CONTAINER',
  'WINDOWS_SERVER_2019_CONTAINER',
  'WINDOWS_SERVER_2022_CONTAINER',
  'LINUX_LAMBDA_CONTAINER',
  'ARM_LAMBDA_CONTAINER',
  'LINUX_EC2',
  'ARM_EC2',
  'WINDOWS_EC2',
  'MAC_ARM',
] as const;
export const COMPUTE_TYPES = [
  'BUILD_GENERAL1_SMALL',
  'BUILD_GENERAL1_MEDIUM',
  'BUILD_GENERAL1_LARGE',
  'BUILD_GENERAL1_XLARGE',
  'BUILD_GENERAL1_2XLARGE',
  'BUILD_LAMBDA_1GB',
  'BUILD_LAMBDA_2GB',
  'BUILD_LAMBDA_4GB',
  'BUILD_LAMBDA_8GB',
  'BUILD_LAMBDA_10GB',
  'ATTRIBUTE_BASED_COMPUTE',
  'CUSTOM_INSTANCE_TYPE',
] as const;
const ENV_VAR_TYPES = ['PLAINTEXT', 'PARAMETER_STORE', 'SECRETS_MANAGER'] as const;

/** Reads `source`: `location` is needed except for CODEPIPELINE and NO_SOURCE (which needs a buildspec). */
export function readSource(f: Fields): Record<string, unknown> {
  const type = f.requiredEnum('type', SOURCE_TYPES);
  const location = f.string('location');
  const buildspec = f.string('buildspec');
  if (type === 'NO_SOURCE' && buildspec === undefined) {
    throw BuildErrors.invalidInput('Invalid source: buildspec must be specified for source type NO_SOURCE');
  }
  if (type !== 'NO_SOURCE' && type !== 'CODEPIPELINE' && location === undefined) {
    throw BuildErrors.invalidInput(`Invalid source: location must be specified for source type ${type}`);
  }
  f.integer('gitCloneDepth', { min: 0 });
  f.boolean('insecureSsl');
  f.boolean('reportBuildStatus');
  f.string('sourceIdentifier');
  return { ...f.body, type };
}

/** Reads `artifacts`: S3 needs a `location` (the bucket). */
export function readArtifacts(f: Fields): Record<string, unknown> {
  const type = f.requiredEnum('type', ARTIFACTS_TYPES);
  if (type === 'S3' && f.string('location') === undefined) {
    throw BuildErrors.invalidInput('Invalid artifacts: location must be specified for artifacts type S3');
  }
  f.enumOf('packaging', ['NONE', 'ZIP']);
  f.enumOf('namespaceType', ['NONE', 'BUILD_ID']);
  return { ...f.body, type };
}

export function readEnvironment(f: Fields): Record<string, unknown> {
  const type = f.requiredEnum('type', ENVIRONMENT_TYPES);
  f.requiredString('image');
  const computeType = f.requiredEnum('computeType', COMPUTE_TYPES);
  const lambdaType = type.endsWith('_LAMBDA_CONTAINER');
  if (lambdaType !== computeType.startsWith('BUILD_LAMBDA_')) {
    throw BuildErrors.invalidInput(`Invalid compute type ${computeType} for environment type ${type}`);
  }
  for (const variable of f.objectList('environmentVariables') ?? []) {
    variable.requiredString('name');
    variable.requiredString('value', { min: 0 });
    variable.enumOf('type', ENV_VAR_TYPES);
  }
  return {
    privilegedMode: false,
    imagePullCredentialsType: 'CODEBUILD',
    environmentVariables: [],
    ...f.body,
    type,
    computeType,
  };
}

/** Source and artifacts must agree on CODEPIPELINE, as AWS requires. */
export function checkPipelinePairing(
  source: Record<string, unknown>,
  artifacts: Record<string, unknown>,
): void {
  const fromPipeline = source['type'] === 'CODEPIPELINE';
  if (fromPipeline !== (artifacts['type'] === 'CODEPIPELINE')) {
    throw BuildErrors.invalidInput(
      'Both source and artifacts type must be set to CODEPIPELINE for a project used in a pipeline',
    );
  }
}

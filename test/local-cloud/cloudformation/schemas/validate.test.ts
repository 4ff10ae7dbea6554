/**
 * Property validation from AWS's resource schemas: the generated data is current, each wording family
 * says what CloudFormation says, and real templates (fleetpipe's own build, plus one realistic resource
 * of every other supported type) validate.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../../../src/build/synth/index.js';
import { STACK_TYPE } from '../../../../src/local-cloud/cloudformation/engine/recorder.js';
import { builtinProviders } from '../../../../src/local-cloud/cloudformation/providers/index.js';
import { schemaTypes } from '../../../../src/local-cloud/cloudformation/schemas/data.js';
import {
  validateProperties,
  wordingOf,
} from '../../../../src/local-cloud/cloudformation/schemas/validate.js';
import {
  createOrder,
  evaluateConditions,
  parseTemplate,
  pseudoParameters,
  type ResolvedResource,
  resolveParameters,
  resolveResource,
  type TemplateValue,
} from '../../../../src/local-cloud/cloudformation/template/index.js';
import { Project, representativeFunctions } from '../../../build/synth/fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const DATA = path.join(ROOT, 'src/local-cloud/cloudformation/schemas/data.json');

/** Every type the local cloud creates: the providers' and nested stacks (listed in providers/pure.test.ts). */
const SUPPORTED = [...builtinProviders().keys(), STACK_TYPE].sort();

const validate = (type: string, properties: Record<string, unknown>, logicalId = 'Resource') =>
  validateProperties({ type, logicalId, properties });

const registry = (logicalId: string, ...messages: string[]) =>
  `Properties validation failed for resource ${logicalId} with message: [${messages.join(', ')}]`;

const ROLE = 'arn:aws:iam::123456789012:role/fn';
const FUNCTION = {
  Code: { S3Bucket: 'artifacts', S3Key: 'functions/a/1.zip' },
  Role: ROLE,
  Handler: 'index.handler',
  Runtime: 'nodejs22.x',
};
const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
};

describe('data.json', () => {
  it('is what scripts/resource-schemas.mjs generates (run `npm run schemas` when this fails)', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/resource-schemas.mjs'), '--stdout'], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(DATA, 'utf8')).toBe(run.stdout);
  });

  it('describes exactly the resource types of the local CloudFormation', () => {
    expect(schemaTypes()).toEqual(SUPPORTED);
  });
});

describe('registry types (JSON Schema messages)', () => {
  it('rejects a property the schema does not declare', () => {
    expect(validate('AWS::Lambda::Function', { ...FUNCTION, Foo: 'bar' }, 'Function')).toBe(
      registry('Function', '#: extraneous key [Foo] is not permitted'),
    );
  });

  it('rejects a missing required property, at the top level and nested', () => {
    const { Code: _code, ...noCode } = FUNCTION;
    expect(validate('AWS::Lambda::Function', noCode, 'Function')).toBe(
      registry('Function', '#: required key [Code] not found'),
    );
    expect(
      validate('AWS::IAM::Role', {
        AssumeRolePolicyDocument: POLICY,
        Policies: [{ PolicyDocument: POLICY }],
      }),
    ).toBe(registry('Resource', '#/Policies/0: required key [PolicyName] not found'));
  });

  it('rejects a wrong type in a nested property type', () => {
    expect(
      validate('AWS::Lambda::Function', { ...FUNCTION, Environment: { Variables: { LEVEL: { deep: 1 } } } }),
    ).toBe(registry('Resource', '#/Environment/Variables/LEVEL: expected type: String, found: JSONObject'));
    expect(validate('AWS::Lambda::Function', { ...FUNCTION, TracingConfig: 'Active' })).toBe(
      registry('Resource', '#/TracingConfig: expected type: JSONObject, found: String'),
    );
  });

  it('rejects a list whose items have the wrong type, and a list that is not one', () => {
    expect(validate('AWS::Lambda::Function', { ...FUNCTION, Layers: ['arn:layer:1', { Arn: 'x' }] })).toBe(
      registry('Resource', '#/Layers/1: expected type: String, found: JSONObject'),
    );
    expect(validate('AWS::Lambda::Function', { ...FUNCTION, Tags: { Key: 'team', Value: 'a' } })).toBe(
      registry('Resource', '#/Tags: expected type: JSONArray, found: JSONObject'),
    );
    expect(validate('AWS::Lambda::Function', { ...FUNCTION, Tags: [{ Key: 'team', value: 'a' }] })).toBe(
      registry('Resource', '#/Tags/0: extraneous key [value] is not permitted'),
    );
  });

  it('accepts strings for numbers and booleans as CloudFormation converts them, and scalars for strings', () => {
    expect(
      validate('AWS::Lambda::Function', {
        ...FUNCTION,
        Timeout: '30',
        MemorySize: '+128',
        Description: 42,
        Environment: { Variables: { RETRIES: 3, DEBUG: false } },
        SnapStart: { ApplyOn: 'None' },
      }),
    ).toBeUndefined();
    expect(validate('AWS::KMS::Key', { EnableKeyRotation: 'TRUE', PendingWindowInDays: 7 })).toBeUndefined();
    expect(
      validate('AWS::Lambda::Alias', {
        FunctionName: 'fn',
        FunctionVersion: '1',
        Name: 'live',
        RoutingConfig: { AdditionalVersionWeights: [{ FunctionVersion: '2', FunctionWeight: '0.25' }] },
      }),
    ).toBeUndefined();
  });

  it('rejects strings that are not numbers or booleans, and fractions for integers', () => {
    expect(validate('AWS::Lambda::Function', { ...FUNCTION, Timeout: 'thirty' })).toBe(
      registry('Resource', '#/Timeout: expected type: Integer, found: String'),
    );
    expect(validate('AWS::Lambda::Function', { ...FUNCTION, Timeout: '30.5' })).toBe(
      registry('Resource', '#/Timeout: expected type: Integer, found: String'),
    );
    expect(validate('AWS::Lambda::Function', { ...FUNCTION, MemorySize: 128.5 })).toBe(
      registry('Resource', '#/MemorySize: expected type: Integer, found: BigDecimal'),
    );
    expect(validate('AWS::KMS::Key', { EnableKeyRotation: 'yes' })).toBe(
      registry('Resource', '#/EnableKeyRotation: expected type: Boolean, found: String'),
    );
    expect(
      validate('AWS::Lambda::Alias', {
        FunctionName: 'fn',
        FunctionVersion: '1',
        Name: 'live',
        RoutingConfig: { AdditionalVersionWeights: [{ FunctionVersion: '2', FunctionWeight: 'half' }] },
      }),
    ).toBe(
      registry(
        'Resource',
        '#/RoutingConfig/AdditionalVersionWeights/0/FunctionWeight: expected type: Number, found: String',
      ),
    );
  });

  it('accepts an object or a string for a JSON property, not an array', () => {
    expect(validate('AWS::Logs::LogGroup', { DataProtectionPolicy: { Name: 'p' } })).toBeUndefined();
    expect(validate('AWS::Logs::LogGroup', { DataProtectionPolicy: '{"Name":"p"}' })).toBeUndefined();
    expect(validate('AWS::IAM::Role', { AssumeRolePolicyDocument: JSON.stringify(POLICY) })).toBeUndefined();
    expect(validate('AWS::Logs::LogGroup', { DataProtectionPolicy: [] })).toBe(
      registry('Resource', '#/DataProtectionPolicy: expected type: JSONObject, found: JSONArray'),
    );
    expect(validate('AWS::IAM::Role', { AssumeRolePolicyDocument: [POLICY] })).toBe(
      registry(
        'Resource',
        '#/AssumeRolePolicyDocument: expected type: JSONObject, found: JSONArray',
        '#/AssumeRolePolicyDocument: expected type: String, found: JSONArray',
      ),
    );
  });

  it('lists every problem in one message: required, then unknown keys, then each property in order', () => {
    expect(
      validate(
        'AWS::Lambda::Function',
        {
          Role: ROLE,
          Runtime: ['nodejs22.x'],
          Timeout: 'soon',
          Handle: 'index.handler',
          Memory: 128,
          Environment: { Variable: { A: 'b' } },
        },
        'CheckFunction',
      ),
    ).toBe(
      registry(
        'CheckFunction',
        '#: required key [Code] not found',
        '#: extraneous key [Handle] is not permitted',
        '#: extraneous key [Memory] is not permitted',
        '#/Runtime: expected type: String, found: JSONArray',
        '#/Timeout: expected type: Integer, found: String',
        '#/Environment: extraneous key [Variable] is not permitted',
      ),
    );
  });

  it('counts null and undefined as absent, and escapes map keys in the pointer', () => {
    expect(
      validate('AWS::Lambda::Function', { ...FUNCTION, KmsKeyArn: undefined, Layers: null }),
    ).toBeUndefined();
    expect(validate('AWS::Lambda::Function', { ...FUNCTION, Code: null })).toBe(
      registry('Resource', '#: required key [Code] not found'),
    );
    expect(
      validate('AWS::Lambda::Function', { ...FUNCTION, Environment: { Variables: { 'a/b~c': [] } } }),
    ).toBe(registry('Resource', '#/Environment/Variables/a~1b~0c: expected type: String, found: JSONArray'));
  });
});

describe('legacy types (the first problem, by property name)', () => {
  it('AWS::IAM::Policy: a missing document, a string for a list, an unknown property', () => {
    expect(wordingOf('AWS::IAM::Policy')).toBe('legacy');
    expect(validate('AWS::IAM::Policy', { PolicyName: 'p', Roles: ['r'] })).toBe(
      'Property PolicyDocument cannot be empty',
    );
    expect(validate('AWS::IAM::Policy', { PolicyName: 'p', PolicyDocument: POLICY, Roles: 'r' })).toBe(
      'Value of property Roles must be of type List of String',
    );
    expect(validate('AWS::IAM::Policy', { PolicyName: 'p', PolicyDocument: POLICY, Roles: [['r']] })).toBe(
      'Value of property Roles must be of type List of String',
    );
    // An unknown property is reported before a missing one.
    expect(validate('AWS::IAM::Policy', { PolicyDocument: POLICY, Role: 'r' })).toBe(
      'Encountered unsupported property Role',
    );
  });

  it('AWS::CloudFormation::Stack: TemplateBody, Parameters and a non-numeric timeout', () => {
    const url = 'https://artifacts.s3.eu-west-1.amazonaws.com/templates/a.json';
    expect(validate('AWS::CloudFormation::Stack', { TemplateBody: '{}' })).toBe(
      'Encountered unsupported property TemplateBody',
    );
    expect(validate('AWS::CloudFormation::Stack', { TemplateURL: url, Parameters: ['a'] })).toBe(
      'Value of property Parameters must be an object',
    );
    expect(
      validate('AWS::CloudFormation::Stack', { TemplateURL: url, Parameters: { Bucket: { Ref: 'B' } } }),
    ).toBe('Value of property Parameters must be an object with String (or simple type) properties');
    expect(validate('AWS::CloudFormation::Stack', { TemplateURL: url, TimeoutInMinutes: 'ten' })).toBe(
      'Encountered non numeric value for property TimeoutInMinutes',
    );
    expect(
      validate('AWS::CloudFormation::Stack', { TemplateURL: url, Parameters: { Count: 3, On: true } }),
    ).toBeUndefined();
  });

  it('AWS::SNS::TopicPolicy: topics must be a list of strings', () => {
    expect(
      validate('AWS::SNS::TopicPolicy', { PolicyDocument: POLICY, Topics: 'arn:aws:sns:eu-west-1:1:t' }),
    ).toBe('Value of property Topics must be of type List of String');
  });
});

describe('AWS::CodeBuild::Project (property validation failure)', () => {
  const project = {
    Artifacts: { Type: 'NO_ARTIFACTS' },
    Environment: {
      Type: 'LINUX_CONTAINER',
      Image: 'aws/codebuild/standard:7.0',
      ComputeType: 'BUILD_GENERAL1_SMALL',
    },
    ServiceRole: ROLE,
    Source: { Type: 'NO_SOURCE', BuildSpec: 'version: 0.2' },
  };

  it('lists every problem with braced paths', () => {
    expect(wordingOf('AWS::CodeBuild::Project')).toBe('property-validation');
    expect(validate('AWS::CodeBuild::Project', { ...project, FilterGroups: [[{ Type: 'EVENT' }]] })).toBe(
      'Property validation failure: [Encountered unsupported properties in {/}: [FilterGroups]]',
    );
    const { ServiceRole: _role, ...noRole } = project;
    expect(
      validate('AWS::CodeBuild::Project', {
        ...noRole,
        Source: { Location: 'x' },
        Artifacts: [{ Type: 'S3' }],
        TimeoutInMinutes: 'long',
      }),
    ).toBe(
      'Property validation failure: [The property {/ServiceRole} is required, ' +
        'Value of property {/Artifacts} does not match type {Object}, ' +
        'The property {/Source/Type} is required, ' +
        'Value of property {/TimeoutInMinutes} does not match type {Integer}]',
    );
  });
});

describe('types without a schema', () => {
  it('are not checked', () => {
    expect(validate('AWS::EC2::Instance', { Anything: 1 })).toBeUndefined();
    expect(validate('Custom::Thing', { ServiceToken: 'arn', X: [] })).toBeUndefined();
    expect(validate('toString', {})).toBeUndefined();
  });
});

// --- Real templates ---------------------------------------------------------------------------------

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Every resource of a template resolved (parameters at their defaults or a plain value). */
function resolvedResources(body: string): ResolvedResource[] {
  const template = parseTemplate(body, { source: 'url' });
  const given: Record<string, string> = {};
  for (const [key, p] of Object.entries(template.parameters)) {
    if (p.default === undefined) given[key] = p.allowedValues?.[0] ?? `${key.toLowerCase()}-value`;
  }
  const parameters = resolveParameters({ template, given }).values;
  const pseudo = pseudoParameters({
    accountId: '123456789012',
    region: 'eu-west-1',
    stackName: 'fleetpipe',
    stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/fleetpipe/1',
  });
  const conditions = evaluateConditions(template, { parameters, pseudo });
  const context = {
    parameters,
    pseudo,
    conditions,
    mappings: template.mappings,
    resourceIds: new Set(Object.keys(template.resources)),
    ref: (id: string) => `${id}-physical`,
    getAtt: (id: string, attribute: string): TemplateValue => `arn:aws:test:::${id}/${attribute}`,
  };
  return createOrder(template, { conditions })
    .flat()
    .map((id) => resolveResource(template, id, context));
}

/** Validates every resource and returns the types seen. */
function expectAllValid(bodies: Iterable<string>): Set<string> {
  const types = new Set<string>();
  for (const body of bodies) {
    for (const resource of resolvedResources(body)) {
      types.add(resource.type);
      const reason = validateProperties({
        type: resource.type,
        logicalId: resource.logicalId,
        properties: resource.properties as Record<string, unknown>,
      });
      expect(reason, `${resource.logicalId} (${resource.type})`).toBeUndefined();
    }
  }
  return types;
}

/** One realistic resource of each type fleetpipe's build does not write (properties as AWS documents). */
const EXAMPLES: Record<string, Record<string, unknown>> = {
  'AWS::IAM::Policy': { PolicyName: 'read-artifacts', PolicyDocument: POLICY, Roles: ['deploy'] },
  'AWS::IAM::ManagedPolicy': {
    ManagedPolicyName: 'fleetpipe-deploy',
    Description: 'Deploys fleetpipe stacks',
    Path: '/fleetpipe/',
    PolicyDocument: POLICY,
    Roles: ['deploy'],
  },
  'AWS::Lambda::Version': {
    FunctionName: 'acme-check',
    Description: 'v1',
    ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 1 },
  },
  'AWS::Lambda::Alias': { FunctionName: 'acme-check', FunctionVersion: '1', Name: 'live' },
  'AWS::SNS::Topic': {
    TopicName: 'pipeline-events',
    DisplayName: 'Pipeline events',
    KmsMasterKeyId: 'alias/aws/sns',
    Subscription: [{ Endpoint: 'ops@example.com', Protocol: 'email' }],
    Tags: [{ Key: 'team', Value: 'platform' }],
  },
  'AWS::SNS::Subscription': {
    TopicArn: 'arn:aws:sns:eu-west-1:123456789012:pipeline-events',
    Protocol: 'lambda',
    Endpoint: 'arn:aws:lambda:eu-west-1:123456789012:function:notify',
    FilterPolicy: { detailType: ['CodePipeline Pipeline Execution State Change'] },
    FilterPolicyScope: 'MessageBody',
    RawMessageDelivery: 'false',
  },
  'AWS::SNS::TopicPolicy': {
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'codestar-notifications.amazonaws.com' },
          Action: 'SNS:Publish',
          Resource: 'arn:aws:sns:eu-west-1:123456789012:pipeline-events',
        },
      ],
    },
    Topics: ['arn:aws:sns:eu-west-1:123456789012:pipeline-events'],
  },
  'AWS::S3::Bucket': {
    BucketName: 'acme-fleetpipe-artifacts',
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [
        {
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/fleetpipe' },
          BucketKeyEnabled: true,
        },
      ],
    },
    VersioningConfiguration: { Status: 'Enabled' },
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    LifecycleConfiguration: {
      Rules: [
        {
          Id: 'expire-old-versions',
          Status: 'Enabled',
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
      ],
    },
    Tags: [{ Key: 'team', Value: 'platform' }],
  },
  'AWS::S3::BucketPolicy': {
    Bucket: 'acme-fleetpipe-artifacts',
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::acme-fleetpipe-artifacts', 'arn:aws:s3:::acme-fleetpipe-artifacts/*'],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    },
  },
  'AWS::KMS::Key': {
    Description: 'fleetpipe artifacts',
    EnableKeyRotation: true,
    PendingWindowInDays: 7,
    KeyPolicy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
    Tags: [{ Key: 'team', Value: 'platform' }],
  },
  'AWS::KMS::Alias': { AliasName: 'alias/fleetpipe', TargetKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
  'AWS::SSM::Parameter': {
    Name: '/fleetpipe/version',
    Type: 'String',
    Value: '1.2.3',
    Description: 'Deployed version',
    Tier: 'Standard',
    Tags: { team: 'platform' },
  },
  'AWS::CodeStarConnections::Connection': { ConnectionName: 'github', ProviderType: 'GitHub' },
  'AWS::CodeBuild::Project': {
    Name: 'fleetpipe-build',
    ServiceRole: ROLE,
    Artifacts: { Type: 'CODEPIPELINE' },
    Environment: {
      Type: 'LINUX_CONTAINER',
      ComputeType: 'BUILD_GENERAL1_SMALL',
      Image: 'aws/codebuild/standard:7.0',
      EnvironmentVariables: [{ Name: 'STAGE', Value: 'build', Type: 'PLAINTEXT' }],
    },
    Source: {
      Type: 'CODEPIPELINE',
      BuildSpec: 'version: 0.2\nphases:\n  build:\n    commands: [npm test]\n',
    },
    TimeoutInMinutes: 30,
    LogsConfig: { CloudWatchLogs: { Status: 'ENABLED', GroupName: '/fleetpipe/build' } },
    Cache: { Type: 'LOCAL', Modes: ['LOCAL_SOURCE_CACHE'] },
  },
  'AWS::CodePipeline::Pipeline': {
    Name: 'fleetpipe',
    RoleArn: ROLE,
    PipelineType: 'V2',
    ExecutionMode: 'QUEUED',
    ArtifactStore: {
      Type: 'S3',
      Location: 'acme-fleetpipe-artifacts',
      EncryptionKey: { Id: 'alias/fleetpipe', Type: 'KMS' },
    },
    Stages: [
      {
        Name: 'Source',
        Actions: [
          {
            Name: 'Source',
            ActionTypeId: {
              Category: 'Source',
              Owner: 'AWS',
              Provider: 'CodeStarSourceConnection',
              Version: '1',
            },
            Configuration: {
              ConnectionArn: 'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc',
              FullRepositoryId: 'acme/guardrails',
              BranchName: 'main',
            },
            OutputArtifacts: [{ Name: 'Source' }],
            RunOrder: 1,
          },
        ],
      },
      {
        Name: 'Build',
        Actions: [
          {
            Name: 'Build',
            ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' },
            Configuration: { ProjectName: 'fleetpipe-build' },
            InputArtifacts: [{ Name: 'Source' }],
            OutputArtifacts: [{ Name: 'Built' }],
          },
        ],
      },
    ],
    Triggers: [
      {
        ProviderType: 'CodeStarSourceConnection',
        GitConfiguration: { SourceActionName: 'Source', Push: [{ Branches: { Includes: ['main'] } }] },
      },
    ],
    Tags: [{ Key: 'team', Value: 'platform' }],
  },
  'AWS::CodeStarNotifications::NotificationRule': {
    Name: 'fleetpipe-failures',
    DetailType: 'FULL',
    Resource: 'arn:aws:codepipeline:eu-west-1:123456789012:fleetpipe',
    EventTypeIds: ['codepipeline-pipeline-pipeline-execution-failed'],
    Targets: [{ TargetType: 'SNS', TargetAddress: 'arn:aws:sns:eu-west-1:123456789012:pipeline-events' }],
    Status: 'ENABLED',
  },
};

describe('real templates validate', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'fleetpipe-schemas-'));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('every resource of examples/config-rules built by bin/fleetpipe.js, and of a representative synthesis', () => {
    const out = path.join(work, 'dist');
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin/fleetpipe.js'),
        'build',
        path.join(ROOT, 'examples/config-rules'),
        '--out',
        out,
        '--cache-dir',
        path.join(work, 'cache'),
      ],
      { encoding: 'utf8', cwd: work },
    );
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    const synthesized = synthesize({
      project: Project,
      tags: { owner: 'team' },
      functions: representativeFunctions(),
    });
    const types = expectAllValid([
      ...listFiles(path.join(out, 'templates')).map((file) => readFileSync(file, 'utf8')),
      ...synthesized.files.map((f) => f.body),
    ]);
    expect([...types].sort()).toEqual(
      expect.arrayContaining([
        'AWS::CloudFormation::Stack',
        'AWS::Config::ConfigRule',
        'AWS::Events::Rule',
        'AWS::IAM::Role',
        'AWS::Lambda::Function',
        'AWS::Lambda::Permission',
        'AWS::Logs::LogGroup',
      ]),
    );
    // Together with the examples below, every supported type is covered.
    expect([...new Set([...types, ...Object.keys(EXAMPLES)])].sort()).toEqual(SUPPORTED);
  });

  it.each(Object.entries(EXAMPLES))('%s as AWS documents it', (type, properties) => {
    expect(validate(type, properties)).toBeUndefined();
  });
});

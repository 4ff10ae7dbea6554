/**
 * The action types CodePipeline offers (the AWS-owned ones fleetpipe's pipelines use, plus the common
 * others), with the configuration keys each requires. CreatePipeline/UpdatePipeline refuse an action whose
 * type is not here, as AWS refuses one that is not available in the region.
 */
export const ACTION_CATEGORIES = [
  'Source',
  'Build',
  'Deploy',
  'Test',
  'Invoke',
  'Approval',
  'Compute',
] as const;
export const ACTION_OWNERS = ['AWS', 'ThirdParty', 'Custom'] as const;

export type ActionCategory = (typeof ACTION_CATEGORIES)[number];
export type ActionOwner = (typeof ACTION_OWNERS)[number];

export interface ActionTypeId {
  category: ActionCategory;
  owner: ActionOwner;
  provider: string;
  version: string;
}

interface KnownActionType {
  category: ActionCategory;
  owner: ActionOwner;
  provider: string;
  /** Configuration keys that must be present. */
  required: readonly string[];
  /** Artifact counts AWS allows: [min, max] inputs and outputs. */
  inputs: readonly [number, number];
  outputs: readonly [number, number];
}

const SOURCE_OUT = { inputs: [0, 0], outputs: [1, 1] } as const;

const KNOWN: readonly KnownActionType[] = [
  { category: 'Source', owner: 'AWS', provider: 'S3', required: ['S3Bucket', 'S3ObjectKey'], ...SOURCE_OUT },
  {
    category: 'Source',
    owner: 'AWS',
    provider: 'CodeCommit',
    required: ['RepositoryName', 'BranchName'],
    ...SOURCE_OUT,
  },
  { category: 'Source', owner: 'AWS', provider: 'ECR', required: ['RepositoryName'], ...SOURCE_OUT },
  {
    category: 'Source',
    owner: 'AWS',
    provider: 'CodeStarSourceConnection',
    required: ['ConnectionArn', 'FullRepositoryId', 'BranchName'],
    ...SOURCE_OUT,
  },
  {
    category: 'Build',
    owner: 'AWS',
    provider: 'CodeBuild',
    required: ['ProjectName'],
    inputs: [1, 5],
    outputs: [0, 5],
  },
  {
    category: 'Test',
    owner: 'AWS',
    provider: 'CodeBuild',
    required: ['ProjectName'],
    inputs: [1, 5],
    outputs: [0, 5],
  },
  {
    category: 'Deploy',
    owner: 'AWS',
    provider: 'CloudFormation',
    required: ['ActionMode', 'StackName'],
    inputs: [0, 10],
    outputs: [0, 1],
  },
  {
    category: 'Deploy',
    owner: 'AWS',
    provider: 'CloudFormationStackSet',
    required: ['StackSetName', 'TemplatePath', 'DeploymentTargets'],
    inputs: [0, 10],
    outputs: [0, 0],
  },
  {
    category: 'Deploy',
    owner: 'AWS',
    provider: 'CloudFormationStackInstances',
    required: ['StackSetName', 'DeploymentTargets', 'Regions'],
    inputs: [0, 10],
    outputs: [0, 0],
  },
  {
    category: 'Deploy',
    owner: 'AWS',
    provider: 'S3',
    required: ['BucketName', 'Extract'],
    inputs: [1, 1],
    outputs: [0, 0],
  },
  { category: 'Approval', owner: 'AWS', provider: 'Manual', required: [], inputs: [0, 0], outputs: [0, 0] },
  {
    category: 'Invoke',
    owner: 'AWS',
    provider: 'Lambda',
    required: ['FunctionName'],
    inputs: [0, 5],
    outputs: [0, 5],
  },
  {
    category: 'Invoke',
    owner: 'AWS',
    provider: 'StepFunctions',
    required: ['StateMachineArn'],
    inputs: [0, 1],
    outputs: [0, 1],
  },
];

/** The known type an action names (version `1` is the only one AWS's own types have), or undefined. */
export function findActionType(id: ActionTypeId): KnownActionType | undefined {
  if (id.version !== '1') return undefined;
  return KNOWN.find((t) => t.category === id.category && t.owner === id.owner && t.provider === id.provider);
}

/** `US_EAST_1`, as CodePipeline names regions in its messages. */
export function regionConstant(region: string): string {
  return region.toUpperCase().replaceAll('-', '_');
}

/**
 * The AWS managed policies the local cloud knows (`arn:aws:iam::aws:policy/<name>`). AWS has over a
 * thousand; these are the ones fleetpipe and its tests use. Documents are the real policies' intent,
 * simplified where AWS lists hundreds of actions (ReadOnlyAccess: every Get/List/Describe action).
 * Read-only: they cannot be changed or deleted.
 */
import { uniqueIdFor } from '../../core/ids.js';
import type { ManagedPolicyRecord } from './state.js';

const CREATED = '2015-02-06T18:39:46.000Z';

interface Definition {
  name: string;
  description: string;
  statements: object[];
}

const DEFINITIONS: Definition[] = [
  {
    name: 'AdministratorAccess',
    description: 'Provides full access to AWS services and resources.',
    statements: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  },
  {
    name: 'PowerUserAccess',
    description:
      'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    statements: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeOrganization',
          'account:ListRegions',
        ],
        Resource: '*',
      },
    ],
  },
  {
    name: 'ReadOnlyAccess',
    description: 'Provides read-only access to AWS services and resources.',
    statements: [
      { Effect: 'Allow', Action: ['*:Describe*', '*:Get*', '*:List*', 's3:Head*'], Resource: '*' },
    ],
  },
  {
    name: 'IAMFullAccess',
    description: 'Provides full access to IAM via the AWS Management Console.',
    statements: [
      { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'organizations:DescribeAccount',
          'organizations:DescribeOrganization',
          'organizations:List*',
        ],
        Resource: '*',
      },
    ],
  },
  {
    name: 'IAMReadOnlyAccess',
    description: 'Provides read only access to IAM via the AWS Management Console.',
    statements: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }],
  },
  {
    name: 'AmazonS3FullAccess',
    description: 'Provides full access to all buckets via the AWS Management Console.',
    statements: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
  },
  {
    name: 'AmazonS3ReadOnlyAccess',
    description: 'Provides read only access to all buckets via the AWS Management Console.',
    statements: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*'], Resource: '*' }],
  },
  {
    name: 'AWSOrganizationsReadOnlyAccess',
    description: 'Provides read-only access to AWS Organizations.',
    statements: [
      { Effect: 'Allow', Action: ['organizations:Describe*', 'organizations:List*'], Resource: '*' },
    ],
  },
];

function record(def: Definition): ManagedPolicyRecord {
  return {
    name: def.name,
    path: '/',
    id: uniqueIdFor('ANPA', 'aws-managed', def.name),
    arn: `arn:aws:iam::aws:policy/${def.name}`,
    description: def.description,
    createDate: CREATED,
    updateDate: CREATED,
    defaultVersionId: 'v1',
    versions: [
      {
        versionId: 'v1',
        document: JSON.stringify({ Version: '2012-10-17', Statement: def.statements }),
        createDate: CREATED,
      },
    ],
    nextVersion: 2,
    tags: [],
  };
}

/** AWS managed policies by ARN. */
export const AWS_MANAGED_POLICIES: ReadonlyMap<string, ManagedPolicyRecord> = new Map(
  DEFINITIONS.map((d) => {
    const r = record(d);
    return [r.arn, r];
  }),
);

export function isAwsManagedArn(arn: string): boolean {
  return arn.startsWith('arn:aws:iam::aws:policy/');
}

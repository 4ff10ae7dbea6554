/**
 * plannedChanges with a scripted client, for what the local cloud does not produce: Changes paged with
 * NextToken, and nested stacks listed as Modify although their own change sets change nothing (as AWS
 * lists them whenever their parent changes).
 */
import { describe, expect, it } from 'vitest';
import { isNoChangeReason, plannedChanges } from '../../src/deploy/change-sets.js';
import { fakeCfn } from './fake-cfn.js';

const STACK = 'AWS::CloudFormation::Stack';
const change = (logicalId: string, action: string, extra: Record<string, unknown> = {}) => ({
  Type: 'Resource',
  ResourceChange: {
    LogicalResourceId: logicalId,
    Action: action,
    ResourceType: 'AWS::Logs::LogGroup',
    ...extra,
  },
});

describe('plannedChanges', () => {
  it('pages, follows nested change sets depth first, and drops nested stacks that change nothing', async () => {
    const pages: Record<string, { Changes: unknown[]; NextToken?: string }> = {
      'root:': {
        Changes: [
          change('Alpha', 'Modify', { ResourceType: STACK, ChangeSetId: 'cs-alpha', Replacement: 'False' }),
          change('Quiet', 'Modify', { ResourceType: STACK, ChangeSetId: 'cs-quiet', Replacement: 'False' }),
        ],
        NextToken: 'page-2',
      },
      'root:page-2': {
        Changes: [
          change('Gamma', 'Add', { ResourceType: STACK, ChangeSetId: 'cs-gamma' }),
          change('Old', 'Remove', { PhysicalResourceId: 'old-log' }),
        ],
      },
      'cs-alpha:': {
        Changes: [change('Log', 'Modify', { Replacement: 'True', PhysicalResourceId: 'alpha-log' })],
      },
      'cs-quiet:': { Changes: [] },
      'cs-gamma:': { Changes: [change('Log', 'Add')] },
    };
    const fake = fakeCfn({
      DescribeChangeSet: (input) =>
        pages[`${String(input['ChangeSetName'])}:${String(input['NextToken'] ?? '')}`],
    });
    const changes = await plannedChanges(fake.cfn, 'root');
    expect(changes).toEqual([
      { path: ['Alpha'], action: 'Modify', logicalId: 'Alpha', resourceType: STACK, replacement: 'False' },
      {
        path: ['Alpha', 'Log'],
        action: 'Modify',
        logicalId: 'Log',
        resourceType: 'AWS::Logs::LogGroup',
        replacement: 'True',
        physicalId: 'alpha-log',
      },
      { path: ['Gamma'], action: 'Add', logicalId: 'Gamma', resourceType: STACK },
      { path: ['Gamma', 'Log'], action: 'Add', logicalId: 'Log', resourceType: 'AWS::Logs::LogGroup' },
      {
        path: ['Old'],
        action: 'Remove',
        logicalId: 'Old',
        resourceType: 'AWS::Logs::LogGroup',
        physicalId: 'old-log',
      },
    ]);
  });

  it('knows CloudFormation’s two ways of saying nothing changed', () => {
    expect(
      isNoChangeReason(
        "The submitted information didn't contain changes. Submit different information to create a change set.",
      ),
    ).toBe(true);
    expect(isNoChangeReason('No updates are to be performed.')).toBe(true);
    expect(isNoChangeReason('Template format error')).toBe(false);
    expect(isNoChangeReason(undefined)).toBe(false);
  });
});

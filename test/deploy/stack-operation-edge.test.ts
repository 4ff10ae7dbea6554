/**
 * deployStack where the user has to act or the wait runs out, with a scripted CloudFormation client:
 * UPDATE_ROLLBACK_FAILED and other stuck states, the poll timeout, an abort, a bad change set name.
 */
import { describe, expect, it } from 'vitest';
import { deployStack } from '../../src/deploy/stack-operation.js';
import type { StackOperationInput } from '../../src/deploy/types.js';
import { FleetpipeError } from '../../src/errors.js';
import { rejection } from '../local-cloud/core/fixture.js';
import { fakeCfn, type Script, serviceError } from './fake-cfn.js';

const STACK_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/orders/0f1e2d3c';

const inStatus = (status: string, reason?: string): Script => ({
  DescribeStacks: () => ({
    Stacks: [{ StackName: 'orders', StackId: STACK_ID, StackStatus: status, StackStatusReason: reason }],
  }),
});

function input(
  cfn: StackOperationInput['cfn'],
  rest: Partial<StackOperationInput> = {},
): StackOperationInput {
  return {
    cfn,
    stackName: 'orders',
    templateUrl: 'https://artifacts.s3.eu-west-1.amazonaws.com/templates/orchestration.json',
    parameters: { ArtifactBucket: 'artifacts', ArtifactPrefix: '' },
    mode: 'deploy',
    poll: { intervalMs: 5 },
    ...rest,
  };
}

async function fleetpipeError(promise: Promise<unknown>): Promise<FleetpipeError> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(FleetpipeError);
  return err as FleetpipeError;
}

describe('deployStack refuses stacks the user has to fix first', () => {
  it('UPDATE_ROLLBACK_FAILED: names stack, account and region; suggests ContinueUpdateRollback', async () => {
    const fake = fakeCfn(inStatus('UPDATE_ROLLBACK_FAILED'));
    const err = await fleetpipeError(deployStack(input(fake.cfn)));
    expect(err.code).toBe('StackUpdateRollbackFailed');
    expect(err.message).toBe(
      'Stack orders in account 123456789012 (eu-west-1) is in UPDATE_ROLLBACK_FAILED: a failed update could not be rolled back, so it cannot be updated.',
    );
    expect(err.hint).toContain('aws cloudformation continue-update-rollback --stack-name orders');
    expect(fake.calls.map((c) => c.command)).toEqual(['DescribeStacks']);
  });

  it.each(['ROLLBACK_FAILED', 'DELETE_FAILED', 'CREATE_FAILED'])(
    '%s: asks for the stack to be deleted',
    async (status) => {
      const fake = fakeCfn(inStatus(status));
      const err = await fleetpipeError(deployStack(input(fake.cfn)));
      expect(err.code).toBe('StackNeedsCleanup');
      expect(err.message).toContain(status);
      expect(err.hint).toContain('delete-stack --stack-name orders');
    },
  );
});

describe('deployStack waiting', () => {
  it('gives up after poll.timeoutMs of waiting for a busy stack, counting the waits', async () => {
    const fake = fakeCfn(inStatus('UPDATE_IN_PROGRESS', 'User Initiated'));
    const slept: number[] = [];
    const err = await fleetpipeError(
      deployStack(
        input(fake.cfn, {
          poll: { intervalMs: 5, timeoutMs: 20 },
          sleep: async (ms) => {
            slept.push(ms);
          },
        }),
      ),
    );
    expect(err.code).toBe('StackOperationTimeout');
    expect(err.message).toMatch(
      /^Stack orders in account 123456789012 \(eu-west-1\) is still UPDATE_IN_PROGRESS/,
    );
    expect(slept).toEqual([5, 5, 5, 5]);
    expect(fake.calls.filter((c) => c.command === 'DescribeStacks')).toHaveLength(5);
    expect(fake.calls.some((c) => c.command === 'CreateChangeSet')).toBe(false);
  });

  it('stops when the signal is aborted and starts nothing', async () => {
    const fake = fakeCfn(inStatus('UPDATE_IN_PROGRESS'));
    const controller = new AbortController();
    const err = await fleetpipeError(
      deployStack(
        input(fake.cfn, {
          signal: controller.signal,
          sleep: async () => {
            controller.abort(new Error('deploy cancelled by the user'));
          },
        }),
      ),
    );
    expect(err.code).toBe('StackOperationAborted');
    expect(err.cause).toBeInstanceOf(Error);
    expect(fake.calls.map((c) => c.command)).toEqual(['DescribeStacks']);
  });
});

describe('deployStack inputs', () => {
  it('rejects a change set name CloudFormation would refuse, before any call', async () => {
    const fake = fakeCfn({});
    const err = await fleetpipeError(deployStack(input(fake.cfn, { changeSetName: '1-release_2' })));
    expect(err.code).toBe('InvalidChangeSetName');
    expect(fake.calls).toEqual([]);
  });

  it('creates a CREATE change set with nested stacks, sorted parameters and tags, CAPABILITY_IAM', async () => {
    const fake = fakeCfn({
      DescribeStacks: () => {
        throw serviceError('ValidationError', 'Stack with id orders does not exist');
      },
      CreateChangeSet: () => {
        throw serviceError('ValidationError', 'Template format error: unsupported structure.');
      },
    });
    const result = await deployStack(
      input(fake.cfn, { parameters: { Zeta: 'z', Alpha: 'a' }, tags: { team: 'sec', app: 'guard' } }),
    );
    expect(result.outcome).toBe('failed');
    expect(result.reason).toBe('Template format error: unsupported structure.');
    const create = fake.calls.find((c) => c.command === 'CreateChangeSet')!.input;
    expect(create).toMatchObject({
      StackName: 'orders',
      ChangeSetType: 'CREATE',
      IncludeNestedStacks: true,
      Capabilities: ['CAPABILITY_IAM'],
      Parameters: [
        { ParameterKey: 'Alpha', ParameterValue: 'a' },
        { ParameterKey: 'Zeta', ParameterValue: 'z' },
      ],
      Tags: [
        { Key: 'app', Value: 'guard' },
        { Key: 'team', Value: 'sec' },
      ],
    });
    expect(create['ChangeSetName']).toBe(result.changeSetName);
  });
});

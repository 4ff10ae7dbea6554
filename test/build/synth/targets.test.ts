import { describe, expect, it } from 'vitest';
import { anyOf, planTargets } from '../../../src/build/synth/targets.js';

const eq = (pseudo: string, value: string) => ({ 'Fn::Equals': [{ Ref: pseudo }, value] });
const region = (value: string) => eq('AWS::Region', value);
const account = (value: string) => eq('AWS::AccountId', value);

/** Every Fn::Or / Fn::And in a condition, with its number of operands. */
function operatorSizes(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value)) for (const v of value) operatorSizes(v, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Fn::Or' || key === 'Fn::And') out.push((v as unknown[]).length);
      operatorSizes(v, out);
    }
  }
  return out;
}

describe('anyOf', () => {
  it('is a plain Equals for one value and one Or for up to ten', () => {
    expect(anyOf('AWS::Region', ['eu-west-1'])).toEqual(region('eu-west-1'));
    const ten = Array.from({ length: 10 }, (_, i) => `r${i}`);
    expect(anyOf('AWS::Region', ten)).toEqual({ 'Fn::Or': ten.map(region) });
  });

  it('nests Ors of at most ten conditions, never an Or of one', () => {
    const values = Array.from({ length: 11 }, (_, i) => `r${i}`);
    expect(anyOf('AWS::Region', values)).toEqual({
      'Fn::Or': [{ 'Fn::Or': values.slice(0, 10).map(region) }, region('r10')],
    });
    const many = Array.from({ length: 250 }, (_, i) => String(100000000000 + i));
    const sizes = operatorSizes(anyOf('AWS::AccountId', many));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(anyOf('AWS::AccountId', many)).match(/Fn::Equals/g)).toHaveLength(250);
  });
});

describe('planTargets', () => {
  it('has nothing to say without a filter', () => {
    expect(planTargets(undefined)).toEqual({});
  });

  it('turns regions and excluded regions into one condition, sorted and de-duplicated', () => {
    expect(
      planTargets({ regions: ['us-east-1', 'eu-west-1', 'us-east-1'], excludeRegions: ['ap-east-1'] }),
    ).toEqual({
      condition: {
        'Fn::And': [
          { 'Fn::Or': [region('eu-west-1'), region('us-east-1')] },
          { 'Fn::Not': [region('ap-east-1')] },
        ],
      },
    });
  });

  it('turns account IDs into conditions', () => {
    expect(planTargets({ accounts: ['123456789012'], excludeAccounts: ['111111111111'] })).toEqual({
      condition: { 'Fn::And': [account('123456789012'), { 'Fn::Not': [account('111111111111')] }] },
    });
  });

  it('defers an include list that has any name or OU path, whole', () => {
    expect(planTargets({ accounts: ['123456789012', 'Prod/Web'] })).toEqual({
      deferred: { accounts: ['123456789012', 'Prod/Web'] },
    });
  });

  it('splits an exclude list: IDs into the condition, names deferred', () => {
    expect(planTargets({ excludeAccounts: ['Sandbox', '111111111111'], regions: ['eu-west-1'] })).toEqual({
      condition: { 'Fn::And': [region('eu-west-1'), { 'Fn::Not': [account('111111111111')] }] },
      deferred: { excludeAccounts: ['Sandbox'] },
    });
  });
});

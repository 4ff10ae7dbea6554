/**
 * Pseudo parameters: the `AWS::…` names every template can `Ref`. The stack engine supplies the facts
 * (account, region, stack name and ID, notification ARNs); partition and URL suffix follow from the region
 * unless given. `AWS::NoValue` is not a value: the resolver removes the property or list element it is in.
 */
import type { RefValue } from './types.js';

/** `Ref` of this name removes the property or list element it stands in. */
export const NO_VALUE_REF = 'AWS::NoValue';

/** Every pseudo parameter a template may `Ref`. */
export const PSEUDO_PARAMETER_NAMES = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

export interface PseudoParameterFacts {
  accountId: string;
  region: string;
  stackName: string;
  stackId: string;
  notificationArns?: readonly string[];
  /** Default: from the region (`aws-cn` for cn-*, `aws-us-gov` for us-gov-*, else `aws`). */
  partition?: string;
  /** Default: `amazonaws.com.cn` in China regions, else `amazonaws.com`. */
  urlSuffix?: string;
}

/** Ref values of the pseudo parameters (all but AWS::NoValue). */
export type PseudoParameters = Readonly<Record<string, RefValue>>;

/** The partition of a region: `aws-cn` for cn-*, `aws-us-gov` for us-gov-*, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The AWS::URLSuffix of a region. */
export function urlSuffixOf(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** Builds the pseudo parameter values for one stack. */
export function pseudoParameters(facts: PseudoParameterFacts): PseudoParameters {
  return {
    'AWS::AccountId': facts.accountId,
    'AWS::NotificationARNs': [...(facts.notificationArns ?? [])],
    'AWS::Partition': facts.partition ?? partitionOf(facts.region),
    'AWS::Region': facts.region,
    'AWS::StackId': facts.stackId,
    'AWS::StackName': facts.stackName,
    'AWS::URLSuffix': facts.urlSuffix ?? urlSuffixOf(facts.region),
  };
}

/** Whether `Ref` of this name is a pseudo parameter (AWS::NoValue included). */
export function isPseudoParameter(name: string): boolean {
  return (PSEUDO_PARAMETER_NAMES as readonly string[]).includes(name);
}

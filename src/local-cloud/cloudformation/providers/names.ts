/**
 * Physical names CloudFormation generates when a template names none: `<stack>-<logicalId>-<SUFFIX>`,
 * both name parts shortened to fit the type's limit. The suffix is derived from the stack, resource,
 * request token and the cloud's clock, so it is reproducible for a given operation and a replacement
 * gets a new name.
 */
import { createHash } from 'node:crypto';
import type { ProviderContext } from './types.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface NameOptions {
  maxLength: number;
  suffixLength?: number;
  lowercase?: boolean;
}

export function nameSuffix(ctx: ProviderContext, length = 12): string {
  const seed = [ctx.stackId, ctx.logicalId, ctx.clientRequestToken ?? '', ctx.now().toISOString()].join('|');
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(digest[i] ?? 0) % ALPHABET.length];
  return out;
}

export function generatedName(ctx: ProviderContext, options: NameOptions): string {
  const suffix = nameSuffix(ctx, options.suffixLength ?? 12);
  const budget = options.maxLength - suffix.length - 2;
  let stack = ctx.stackName;
  let logical = ctx.logicalId;
  if (stack.length + logical.length > budget) {
    const logicalRoom = Math.max(budget - stack.length, Math.floor(budget / 2));
    logical = logical.slice(0, logicalRoom);
    stack = stack.slice(0, budget - logical.length);
  }
  const name = `${stack}-${logical}-${suffix}`;
  return options.lowercase ? name.toLowerCase() : name;
}

/**
 * A scripted CloudFormation client for the edge cases a local cloud cannot be steered into (a stack stuck
 * in a status, endless operations): each command's name maps to a function of its input. Calls are
 * recorded; an unscripted command fails the test.
 */
import type { CloudFormationApi } from '../../src/deploy/types.js';

export type Script = Record<string, (input: Record<string, unknown>) => unknown>;

export interface FakeCfn {
  cfn: CloudFormationApi;
  calls: { command: string; input: Record<string, unknown> }[];
}

export function fakeCfn(script: Script): FakeCfn {
  const calls: FakeCfn['calls'] = [];
  const send = async (command: { constructor: { name: string }; input: unknown }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    const input = command.input as Record<string, unknown>;
    calls.push({ command: name, input });
    const handler = script[name];
    if (!handler) throw new Error(`fake CloudFormation: ${name} is not scripted`);
    return handler(input);
  };
  return { cfn: { send } as unknown as CloudFormationApi, calls };
}

/** An SDK-like service error (name and message, as the SDK throws them). */
export function serviceError(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

/** Function code in temp dirs, function configs that record their logs, and a child-process census. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FunctionConfig, LogEvent } from '../../../../src/local-cloud/services/lambda/runtime/index.js';

export const ACCOUNT = '111111111111';

export interface TestFunction extends FunctionConfig {
  logs: LogEvent[];
  messages(): string[];
}

/** A scratch area for one test file; `cleanup()` removes it. */
export async function scratch(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'fleetpipe-lambda-test-'));
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

let counter = 0;

/** Writes `files` into a new code dir under `root`. */
export async function writeCode(root: string, files: Record<string, string>): Promise<string> {
  counter += 1;
  const dir = join(root, `code-${counter}`);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}

export function testFunction(
  overrides: Partial<FunctionConfig> & Pick<FunctionConfig, 'codeDir' | 'handler'>,
): TestFunction {
  counter += 1;
  const functionName = overrides.functionName ?? `fn-${counter}`;
  const logs: LogEvent[] = [];
  return {
    functionName,
    functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${functionName}`,
    runtime: 'nodejs22.x',
    memorySize: 128,
    timeout: 3,
    region: 'us-east-1',
    logSink: (event) => logs.push(event),
    ...overrides,
    logs,
    messages: () => logs.map((e) => e.message),
  };
}

/** PIDs of this process's live children (Linux /proc; empty elsewhere). */
export function childPids(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[1]) === process.pid ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

/** Whether a process still exists. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

export const json = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;

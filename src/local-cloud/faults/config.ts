/**
 * Fault configuration, from an object (API) or a YAML/JSON file:
 *
 *   seed: 42
 *   rules:
 *     - service: kms
 *       operation: [Decrypt, GenerateDataKey*]
 *       account: '1111*'
 *       latency: 10..50        # or 20, or { min: 10, max: 50 }
 *       throttle: 0.25         # probability
 *     - service: s3
 *       operation: PutObject
 *       fail: { code: InternalError, status: 500, calls: [3] }
 *
 * Invalid configurations raise `LocalCloudError('FaultConfigInvalid')` naming the field.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LocalCloudError } from '../http/errors.js';
import type { FaultConfig, FaultRule, LatencyRange } from './types.js';

/** The seed of configurations that give none. */
export const DEFAULT_FAULT_SEED = 1;

const globs = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const millis = z.number().int().min(0).max(600_000);

const latency = z
  .union([
    millis,
    z.string().regex(/^\d+\s*\.\.\s*\d+$/, 'must be milliseconds or "min..max"'),
    z.strictObject({ min: millis, max: millis }),
  ])
  .transform((value, ctx): LatencyRange => {
    const range =
      typeof value === 'number'
        ? { min: value, max: value }
        : typeof value === 'string'
          ? (() => {
              const [min, max] = value.split('..').map((part) => Number(part.trim()));
              return { min: min!, max: max! };
            })()
          : value;
    if (range.min > range.max) ctx.addIssue({ code: 'custom', message: 'min must not exceed max' });
    if (range.max > 600_000) ctx.addIssue({ code: 'custom', message: 'must be at most 600000 ms' });
    return range;
  });

const fail = z.strictObject({
  code: z.string().min(1).optional(),
  status: z.number().int().min(400).max(599).optional(),
  message: z.string().optional(),
  calls: z.array(z.number().int().positive()).min(1).optional(),
  every: z.number().int().positive().optional(),
  first: z.number().int().positive().optional(),
});

const rule = z.strictObject({
  name: z.string().optional(),
  service: globs.optional(),
  operation: globs.optional(),
  account: globs.optional(),
  region: globs.optional(),
  latency: latency.optional(),
  throttle: z.number().min(0).max(1).optional(),
  fail: fail.optional(),
});

const config = z.strictObject({
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  rules: z.array(rule).optional(),
});

/** What `configure()` and config files accept (before normalization). */
export type FaultConfigInput = z.input<typeof config>;

function list(value: string | string[] | undefined): string[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`)
    .join('; ');
}

/** Validates and normalizes a fault configuration; `source` names it in errors (a file path). */
export function parseFaultConfig(input: unknown, source = 'fault configuration'): FaultConfig {
  const result = config.safeParse(input ?? {});
  if (!result.success) {
    throw new LocalCloudError(
      'FaultConfigInvalid',
      `${source} is invalid: ${describeIssues(result.error)}.`,
      {
        hint: 'Rules take service/operation/account/region globs, latency (ms or "min..max"), throttle (0..1) and fail ({ code, status, message, calls, every, first }).',
      },
    );
  }
  const rules = (result.data.rules ?? []).map(
    (r): FaultRule => ({
      name: r.name,
      service: list(r.service),
      operation: list(r.operation),
      account: list(r.account),
      region: list(r.region),
      latency: r.latency,
      throttle: r.throttle,
      fail: r.fail,
    }),
  );
  return { seed: result.data.seed ?? DEFAULT_FAULT_SEED, rules };
}

/** Reads a fault configuration file: JSON for `.json`, YAML otherwise. */
export async function loadFaultConfig(file: string): Promise<FaultConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new LocalCloudError('FaultConfigUnreadable', `Cannot read the fault configuration ${file}.`, {
      hint: 'Check the path given for the fault configuration.',
      cause: err,
    });
  }
  let value: unknown;
  try {
    value = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new LocalCloudError(
      'FaultConfigInvalid',
      `${file} is not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
      {
        hint: 'Fix the syntax of the fault configuration file.',
        cause: err,
      },
    );
  }
  return parseFaultConfig(value, file);
}

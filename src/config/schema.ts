/**
 * Schemas for fleetpipe.yaml (the project) and function.yaml (one function).
 * The JSON Schemas in schema/ are generated from these (npm run schema).
 */
import { z } from 'zod';
import {
  allowedRuntimeList,
  DeprecatedRuntimes,
  isSupportedRuntime,
  SupportedRuntimes,
} from '../build/runtimes.js';
import { ConfigLimits, LambdaLimits, LogRetentionDays } from '../limits.js';
import { closest } from './suggest.js';

/** Separates a message from its hint in custom zod issues (see validate.ts). */
export const HintSeparator = ' | hint: ';

export const RuntimeSchema = z.string().superRefine((value, ctx) => {
  if (isSupportedRuntime(value)) return;
  if (DeprecatedRuntimes.includes(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `runtime "${value}" is deprecated by AWS Lambda${HintSeparator}use one of: ${allowedRuntimeList()}`,
    });
    return;
  }
  const guess = closest(value, Object.keys(SupportedRuntimes));
  ctx.addIssue({
    code: 'custom',
    message: `runtime "${value}" is not one fleetpipe can package${HintSeparator}${guess ? `did you mean "${guess}"? ` : ''}allowed: ${allowedRuntimeList()}`,
  });
});

const tagKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, 'tag keys may contain letters, digits, spaces and _ . : / = + - @')
  .refine((k) => !k.toLowerCase().startsWith('aws:'), 'tag keys may not start with "aws:" (reserved by AWS)');
const tagValue = z.string().max(256);
export const TagsSchema = z
  .record(tagKey, tagValue)
  .describe('Tags applied to every resource of the function.');

const envName = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_]*$/,
    'environment variable names start with a letter and contain letters, digits and _',
  )
  .refine((k) => !ReservedEnvironmentVariables.includes(k), {
    message: 'this environment variable is reserved by the Lambda runtime',
  });

/** Set by the Lambda runtime; a function may not set them. */
export const ReservedEnvironmentVariables = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
];

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]);

const iamAction = z
  .string()
  .regex(
    /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/,
    'IAM actions look like "service:Action" (wildcards * and ? allowed)',
  );

export const IamStatementSchema = z
  .strictObject({
    sid: z
      .string()
      .regex(/^[A-Za-z0-9]+$/)
      .optional(),
    effect: z.enum(['Allow', 'Deny']).default('Allow'),
    actions: oneOrMany(iamAction),
    resources: oneOrMany(z.string().min(1)),
    conditions: z.record(z.string(), z.record(z.string(), oneOrMany(z.string()))).optional(),
  })
  .describe('One IAM policy statement added to the function execution role.');

const scheduleExpression = z
  .string()
  .regex(
    /^(rate\(\s*\d+\s+(minute|minutes|hour|hours|day|days)\s*\)|cron\(\s*\S+(\s+\S+){5}\s*\))$/,
    `not an EventBridge schedule expression${HintSeparator}write "rate(5 minutes)" or "cron(0 12 * * ? *)" (six fields)`,
  )
  .superRefine((expr, ctx) => {
    const rate = /^rate\(\s*(\d+)\s+(\w+)\s*\)$/.exec(expr);
    if (rate) {
      const n = Number(rate[1]);
      const unit = rate[2]!;
      if (n < 1) ctx.addIssue({ code: 'custom', message: 'a rate must be at least 1' });
      else if (n === 1 && unit.endsWith('s'))
        ctx.addIssue({
          code: 'custom',
          message: `a rate of 1 takes a singular unit${HintSeparator}write "rate(1 ${unit.slice(0, -1)})"`,
        });
      else if (n > 1 && !unit.endsWith('s'))
        ctx.addIssue({
          code: 'custom',
          message: `a rate above 1 takes a plural unit${HintSeparator}write "rate(${n} ${unit}s)"`,
        });
    }
  });

export const ScheduleSchema = z.union([
  scheduleExpression,
  z.strictObject({
    expression: scheduleExpression,
    input: z.record(z.string(), z.unknown()).optional().describe('Constant JSON passed as the event.'),
    enabled: z.boolean().default(true),
  }),
]);

export const ConfigRuleFrequencies = [
  'One_Hour',
  'Three_Hours',
  'Six_Hours',
  'Twelve_Hours',
  'TwentyFour_Hours',
] as const;

const resourceType = z
  .string()
  .regex(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/, 'resource types look like "AWS::S3::Bucket"');

export const ConfigRuleSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .max(ConfigLimits.maxRuleNameLength)
      .optional()
      .describe('Config rule name; defaults to the function name.'),
    description: z.string().max(256).optional(),
    resourceTypes: z
      .array(resourceType)
      .min(1)
      .max(100)
      .optional()
      .describe('Change-triggered: evaluate when a resource of these types changes.'),
    frequency: z.enum(ConfigRuleFrequencies).optional().describe('Periodic: evaluate on this schedule.'),
    inputParameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    scope: z
      .strictObject({
        tagKey: z.string().min(1).max(128).optional(),
        tagValue: z.string().max(256).optional(),
        resourceId: z.string().min(1).max(768).optional(),
      })
      .optional(),
  })
  .superRefine((rule, ctx) => {
    if (!rule.resourceTypes && !rule.frequency) {
      ctx.addIssue({
        code: 'custom',
        message: 'a Config rule needs "resourceTypes" (change-triggered), "frequency" (periodic), or both',
      });
    }
    if (rule.scope?.tagValue !== undefined && rule.scope.tagKey === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['scope', 'tagValue'],
        message: 'scope.tagValue needs scope.tagKey',
      });
    }
    if (rule.scope?.resourceId !== undefined && rule.resourceTypes?.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['scope', 'resourceId'],
        message: 'scope.resourceId needs exactly one entry in resourceTypes',
      });
    }
    if (
      rule.inputParameters &&
      JSON.stringify(rule.inputParameters).length > ConfigLimits.maxInputParametersBytes
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['inputParameters'],
        message: `input parameters exceed AWS Config's ${ConfigLimits.maxInputParametersBytes}-character limit`,
      });
    }
  })
  .describe('Deploy the function as a custom AWS Config rule.');

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'regions look like "eu-west-1"');

export const TargetFilterSchema = z
  .strictObject({
    regions: z.array(region).min(1).optional().describe('Deploy only to these regions.'),
    excludeRegions: z.array(region).min(1).optional(),
    accounts: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Deploy only to these accounts (IDs, names, or OU paths).'),
    excludeAccounts: z.array(z.string().min(1)).min(1).optional(),
  })
  .describe('Limit where this function is deployed.');

const memorySize = z.number().int().min(LambdaLimits.minMemoryMb).max(LambdaLimits.maxMemoryMb);
const timeout = z.number().int().min(LambdaLimits.minTimeoutSeconds).max(LambdaLimits.maxTimeoutSeconds);
export const LogRetentionSchema = z
  .number()
  .int()
  .refine((d) => (LogRetentionDays as readonly number[]).includes(d), {
    message: `CloudWatch Logs accepts these retention values (days): ${LogRetentionDays.join(', ')}`,
  });

/** Settings that fleetpipe.yaml's `defaults` may give for every function. */
const functionDefaults = {
  memorySize: memorySize.optional().describe('Memory in MB (128-10240).'),
  timeout: timeout.optional().describe('Timeout in seconds (1-900).'),
  architecture: z.enum(['x86_64', 'arm64']).optional(),
  environment: z.record(envName, z.string()).optional(),
  logRetentionDays: LogRetentionSchema.optional(),
  tags: TagsSchema.optional(),
};

export const FunctionConfigSchema = z
  .strictObject({
    runtime: RuntimeSchema.optional().describe(
      'Lambda runtime, e.g. nodejs22.x or python3.13. Inferred when omitted.',
    ),
    handler: z
      .string()
      .regex(
        /^[A-Za-z0-9_./-]+\.[A-Za-z_$][A-Za-z0-9_$]*$/,
        'handlers look like "index.handler" or "app.lambda_handler"',
      )
      .optional()
      .describe('module.export; inferred when omitted.'),
    description: z.string().max(LambdaLimits.maxDescriptionLength).optional(),
    ...functionDefaults,
    iam: z
      .strictObject({ statements: z.array(IamStatementSchema).default([]) })
      .optional()
      .describe('Extra permissions for the execution role.'),
    reservedConcurrency: z.number().int().min(0).max(1000).optional(),
    schedule: ScheduleSchema.optional().describe('Invoke on an EventBridge schedule.'),
    configRule: ConfigRuleSchema.optional(),
    targets: TargetFilterSchema.optional(),
  })
  .describe('Settings of one function (functions/<name>/function.yaml).');

export const ProjectConfigSchema = z
  .strictObject({
    project: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]*[a-z0-9]$/,
        'project names are lowercase letters, digits and hyphens, starting with a letter',
      )
      .max(32)
      .describe('Project name; prefixes every function name and stack name.'),
    functionsDir: z
      .string()
      .min(1)
      .default('functions')
      .describe('Directory holding one folder per function.'),
    defaults: z
      .strictObject({
        runtime: RuntimeSchema.optional().describe('Default runtime for functions of the same language.'),
        ...functionDefaults,
      })
      .default({})
      .describe('Defaults for every function.'),
    tags: TagsSchema.optional().describe('Tags on every stack and resource.'),
  })
  .describe('fleetpipe project configuration (fleetpipe.yaml).');

export type ProjectConfig = z.output<typeof ProjectConfigSchema>;
export type FunctionConfig = z.output<typeof FunctionConfigSchema>;
export type IamStatement = z.output<typeof IamStatementSchema>;
export type ConfigRuleConfig = z.output<typeof ConfigRuleSchema>;
export type TargetFilter = z.output<typeof TargetFilterSchema>;

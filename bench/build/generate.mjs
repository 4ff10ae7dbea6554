/**
 * Writes a synthetic fleetpipe project of `count` functions, deterministic
 * (no randomness: every choice follows from the function's index), and
 * returns the same project as plain data for the CDK side of the benchmark.
 *
 * The mix, per 10 functions:
 *   5 plain JavaScript (index.mjs), no function.yaml
 *   2 Python (lambda_function.py), no function.yaml
 *   2 Config rules (function.yaml: one change-triggered, one periodic), JavaScript
 *   1 scheduled (function.yaml: cron or rate), JavaScript and Python in turn
 * `typescriptPercent` (0-50) turns that many of every 100 functions from plain
 * JavaScript into TypeScript (index.ts, bundled by esbuild during the build).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ProjectName = 'bench';

const Defaults = { memorySize: 256, timeout: 60, architecture: 'arm64', logRetentionDays: 90 };
const DefaultTags = { owner: 'platform-security', 'cost-center': 'cc-4120' };
const ProjectTags = { project: ProjectName, 'managed-by': 'fleetpipe' };

const ResourceTypes = [
  'AWS::S3::Bucket',
  'AWS::EC2::Instance',
  'AWS::EC2::SecurityGroup',
  'AWS::RDS::DBInstance',
  'AWS::IAM::Role',
  'AWS::DynamoDB::Table',
  'AWS::Lambda::Function',
  'AWS::KMS::Key',
];
const Frequencies = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'];
const Schedules = ['cron(0 8 ? * MON-FRI *)', 'rate(6 hours)', 'cron(30 2 * * ? *)', 'rate(1 day)'];

/** Kind of the function at `index`: a fixed pattern over 10 (see the header). */
export function kindOf(index, typescriptPercent = 0) {
  const slot = index % 10;
  if (slot < 5) {
    // The first `typescriptPercent` plain-JS functions of every 100 (there are 50) become TypeScript.
    const jsRank = Math.floor((index % 100) / 10) * 5 + slot;
    if (jsRank < typescriptPercent) return 'typescript';
    return 'javascript';
  }
  if (slot < 7) return 'python';
  if (slot === 7) return 'config-change';
  if (slot === 8) return 'config-periodic';
  return Math.floor(index / 10) % 2 === 0 ? 'schedule-js' : 'schedule-py';
}

const pad = (n) => String(n).padStart(4, '0');

function jsHandler(index) {
  return `// Synthetic function ${index} of the fleetpipe build benchmark.
const THRESHOLD = ${(index % 7) + 3};

export const handler = async (event) => {
  const items = Array.isArray(event?.items) ? event.items : [];
  const flagged = items.filter((item) => Number(item.score ?? 0) > THRESHOLD);
  console.log(JSON.stringify({ function: 'fn-${pad(index)}', seen: items.length, flagged: flagged.length }));
  return { statusCode: 200, flagged: flagged.map((item) => item.id) };
};
`;
}

function tsHandler(index) {
  return `// Synthetic TypeScript function ${index} of the fleetpipe build benchmark.
interface Item {
  id: string;
  score?: number;
}

const THRESHOLD = ${(index % 7) + 3};

export const handler = async (event: { items?: Item[] }): Promise<{ statusCode: number; flagged: string[] }> => {
  const items = event.items ?? [];
  const flagged = items.filter((item) => (item.score ?? 0) > THRESHOLD);
  console.log(JSON.stringify({ function: 'fn-${pad(index)}', seen: items.length, flagged: flagged.length }));
  return { statusCode: 200, flagged: flagged.map((item) => item.id) };
};
`;
}

function configRuleHandler(index) {
  return `// Synthetic AWS Config rule ${index} of the fleetpipe build benchmark.
import { evaluate } from './evaluate.mjs';

export const handler = async (event) => {
  const invoking = JSON.parse(event.invokingEvent ?? '{}');
  const params = JSON.parse(event.ruleParameters ?? '{}');
  const item = invoking.configurationItem ?? {};
  const compliance = evaluate(item, params);
  console.log(JSON.stringify({ rule: 'fn-${pad(index)}', resource: item.resourceId, compliance }));
  return { compliance, resultToken: event.resultToken };
};
`;
}

function configRuleEvaluate(index) {
  return `// Pure decision of rule ${index}: compliant when every required tag is present.
export function evaluate(item, params) {
  if (!item.resourceId) return 'NOT_APPLICABLE';
  const required = String(params.requiredTags ?? 'owner').split(',');
  const tags = item.tags ?? {};
  return required.every((key) => key in tags) ? 'COMPLIANT' : 'NON_COMPLIANT';
}
`;
}

function pyHandler(index) {
  return `"""Synthetic Python function ${index} of the fleetpipe build benchmark."""
import json
import os

THRESHOLD = ${(index % 5) + 2}


def lambda_handler(event, context):
    items = event.get("items", []) if isinstance(event, dict) else []
    flagged = [item for item in items if float(item.get("score", 0)) > THRESHOLD]
    print(json.dumps({"function": "fn-${pad(index)}", "seen": len(items), "flagged": len(flagged)}))
    return {"statusCode": 200, "region": os.environ.get("AWS_REGION"), "flagged": [i["id"] for i in flagged]}
`;
}

/** One function as data: what function.yaml says plus what fleetpipe infers. */
function functionSpec(index, kind) {
  const dir = `fn-${pad(index)}`;
  const python = kind === 'python' || kind === 'schedule-py';
  const spec = {
    dir,
    name: `${ProjectName}-${dir}`,
    kind,
    runtime: python ? 'python3.13' : 'nodejs22.x',
    handler: python ? 'lambda_function.lambda_handler' : 'index.handler',
    ...Defaults,
    // What fleetpipe gives every resource: project tags, then the defaults' tags.
    tags: { ...ProjectTags, ...DefaultTags },
    environment: {},
    iamStatements: [],
  };
  if (kind === 'config-change' || kind === 'config-periodic') {
    spec.description = `Config rule ${index}: resources must carry the required tags`;
    spec.timeout = 30;
    spec.memorySize = 128;
    spec.configRule = {
      description: `Synthetic rule ${index}: checks required tags.`,
      inputParameters: { requiredTags: 'owner,cost-center' },
    };
    if (kind === 'config-change') {
      spec.configRule.resourceTypes = [
        ResourceTypes[index % ResourceTypes.length],
        ResourceTypes[(index + 3) % ResourceTypes.length],
      ];
    } else spec.configRule.frequency = Frequencies[index % Frequencies.length];
    spec.iamStatements = [
      { sid: 'ReadConfigHistory', actions: ['config:GetResourceConfigHistory'], resources: ['*'] },
    ];
  }
  if (kind === 'schedule-js' || kind === 'schedule-py') {
    spec.description = `Scheduled job ${index}: publishes a digest`;
    spec.timeout = 120;
    spec.schedule = Schedules[index % Schedules.length];
    spec.environment = { TOPIC_ARN: `arn:aws:sns:eu-west-1:111122223333:digest-${pad(index)}` };
    spec.iamStatements = [
      { sid: 'PublishDigest', actions: ['sns:Publish'], resources: [`arn:aws:sns:*:*:digest-${pad(index)}`] },
    ];
  }
  return spec;
}

const yamlList = (items, indent) => items.map((item) => `${indent}- ${JSON.stringify(item)}\n`).join('');

function iamYaml(statements) {
  if (statements.length === 0) return '';
  let out = 'iam:\n  statements:\n';
  for (const s of statements) {
    out += `    - sid: ${s.sid}\n      actions:\n${yamlList(s.actions, '        ')}`;
    out += `      resources:\n${yamlList(s.resources, '        ')}`;
  }
  return out;
}

/** function.yaml for functions that need one (Config rules and schedules); undefined otherwise. */
function functionYaml(spec) {
  if (!spec.configRule && !spec.schedule) return undefined;
  let out = `description: ${JSON.stringify(spec.description)}\n`;
  out += `timeout: ${spec.timeout}\n`;
  if (spec.memorySize !== Defaults.memorySize) out += `memorySize: ${spec.memorySize}\n`;
  if (spec.configRule) {
    const rule = spec.configRule;
    out += `configRule:\n  description: ${JSON.stringify(rule.description)}\n`;
    if (rule.resourceTypes) out += `  resourceTypes:\n${yamlList(rule.resourceTypes, '    ')}`;
    if (rule.frequency) out += `  frequency: ${rule.frequency}\n`;
    out += `  inputParameters:\n    requiredTags: ${JSON.stringify(rule.inputParameters.requiredTags)}\n`;
  }
  if (spec.schedule) out += `schedule: ${JSON.stringify(spec.schedule)}\n`;
  const env = Object.entries(spec.environment);
  if (env.length > 0) {
    out += `environment:\n${env.map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`).join('')}`;
  }
  return out + iamYaml(spec.iamStatements);
}

function projectYaml() {
  return `# Synthetic project of the fleetpipe build benchmark (bench/build/generate.mjs).
project: ${ProjectName}
functionsDir: functions
defaults:
  memorySize: ${Defaults.memorySize}
  timeout: ${Defaults.timeout}
  architecture: ${Defaults.architecture}
  logRetentionDays: ${Defaults.logRetentionDays}
  tags:
${Object.entries(DefaultTags)
  .map(([k, v]) => `    ${k}: ${v}\n`)
  .join('')}tags:
${Object.entries(ProjectTags)
  .map(([k, v]) => `  ${k}: ${v}\n`)
  .join('')}`;
}

function sourceFiles(spec, index) {
  switch (spec.kind) {
    case 'javascript':
    case 'schedule-js':
      return { 'index.mjs': jsHandler(index) };
    case 'typescript':
      return { 'index.ts': tsHandler(index) };
    case 'python':
    case 'schedule-py':
      return { 'lambda_function.py': pyHandler(index) };
    default:
      return { 'index.mjs': configRuleHandler(index), 'evaluate.mjs': configRuleEvaluate(index) };
  }
}

/**
 * Writes the project into `dir` (which must exist and be empty) and returns
 * `{ project, projectTags, count, kinds, functions }`, functions sorted by name.
 */
export function generateProject({ dir, count, typescriptPercent = 0 }) {
  writeFileSync(path.join(dir, 'fleetpipe.yaml'), projectYaml());
  const functions = [];
  const kinds = {};
  for (let index = 0; index < count; index++) {
    const kind = kindOf(index, typescriptPercent);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const spec = functionSpec(index, kind);
    const fnDir = path.join(dir, 'functions', spec.dir);
    mkdirSync(fnDir, { recursive: true });
    for (const [file, body] of Object.entries(sourceFiles(spec, index))) {
      writeFileSync(path.join(fnDir, file), body);
    }
    const yaml = functionYaml(spec);
    if (yaml !== undefined) writeFileSync(path.join(fnDir, 'function.yaml'), yaml);
    functions.push(spec);
  }
  return { project: ProjectName, projectTags: { ...ProjectTags }, count, kinds, functions };
}

/**
 * Local cloud CloudFormation benchmark (issue 4, item 9): the cloud runs in its own process
 * (`fleetpipe local start --ephemeral --org <org.yaml> --json`), the AWS SDK v3 clients run here.
 *
 *   node local-cloud/cfn.mjs [--runs 5] [--children 50] [--accounts 100] [--stacks-per-account 5]
 *                            [--poll-ms 20] [--fleet-poll-ms 50] [--cpu-prof DIR] [--compile]
 *
 *   (a) one parent stack of `--children` AWS::CloudFormation::Stack resources, each child holding
 *       4 resources (2 log groups, an SNS topic and its topic policy) from a template in S3 of the same
 *       account: CreateStack to CREATE_COMPLETE (DescribeStacks every `--poll-ms`), then DeleteStack to
 *       DELETE_COMPLETE; `--runs` runs with fresh stack names, median reported;
 *   (b) `--stacks-per-account` stacks (2 log groups each) in each of `--accounts` accounts, every
 *       CreateStack issued at once, ListStacks per account every `--fleet-poll-ms` until all are
 *       complete, then every DeleteStack at once the same way; calls are not retried, so throttling
 *       or a 5xx counts as an error;
 *   (c) the server's VmRSS / VmHWM from /proc after (a) and after (b).
 *
 * Prints PASS/FAIL per target; writes bench/.work/results-local-cloud-cfn.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { writeOrganizationFile } from './accounts.mjs';
import {
  cpuMsOf,
  ensureCompiled,
  importLocalCloud,
  memoryOf,
  repoRoot,
  requireFromRoot,
  startLocalCloudProcess,
} from './processes.mjs';
import { distribution, elapsedMs } from './stats.mjs';

const {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
} = requireFromRoot('@aws-sdk/client-cloudformation');
const { S3Client, CreateBucketCommand, PutObjectCommand } = requireFromRoot('@aws-sdk/client-s3');
const { NodeHttpHandler } = requireFromRoot('@smithy/node-http-handler');

const resultsFile = path.join(repoRoot, 'bench', '.work', 'results-local-cloud-cfn.json');
const Targets = { treeCreateMedianMs: 1000, fleetErrors: 0, peakRssMb: 300 };
const region = 'us-east-1';

const log = (line) => process.stderr.write(`${line}\n`);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      children: { type: 'string', default: '50' },
      accounts: { type: 'string', default: '100' },
      'stacks-per-account': { type: 'string', default: '5' },
      'poll-ms': { type: 'string', default: '20' },
      'fleet-poll-ms': { type: 'string', default: '50' },
      'cpu-prof': { type: 'string' },
      compile: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: node local-cloud/cfn.mjs [--runs 5] [--children 50] [--accounts 100] [--stacks-per-account 5]\n' +
        '                                [--poll-ms 20] [--fleet-poll-ms 50] [--cpu-prof DIR] [--compile]\n',
    );
    process.exit(0);
  }
  const integer = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} takes an integer >= ${min}, not "${values[name]}"`);
    return n;
  };
  return {
    runs: integer('runs', 1),
    children: integer('children', 1),
    accounts: integer('accounts', 3),
    stacksPerAccount: integer('stacks-per-account', 1),
    pollMs: integer('poll-ms', 1),
    fleetPollMs: integer('fleet-poll-ms', 1),
    cpuProfDir: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : undefined,
    compile: values.compile,
  };
}

/** The child template: two log groups, a topic and its policy; nothing that needs Lambda. */
function childTemplate() {
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      LogsA: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } },
      LogsB: { Type: 'AWS::Logs::LogGroup' },
      Topic: { Type: 'AWS::SNS::Topic' },
      TopicPolicy: {
        Type: 'AWS::SNS::TopicPolicy',
        Properties: {
          Topics: [{ Ref: 'Topic' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: { Ref: 'AWS::AccountId' } },
                Action: 'sns:Publish',
                Resource: { Ref: 'Topic' },
              },
            ],
          },
        },
      },
    },
    Outputs: { TopicArn: { Value: { Ref: 'Topic' } } },
  });
}

function parentTemplate({ children, templateUrl }) {
  const resources = {};
  for (let i = 0; i < children; i++) {
    resources[`Child${String(i).padStart(3, '0')}`] = {
      Type: 'AWS::CloudFormation::Stack',
      Properties: { TemplateURL: templateUrl },
    };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
}

const fleetTemplate = JSON.stringify({
  Resources: {
    LogsA: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 1 } },
    LogsB: { Type: 'AWS::Logs::LogGroup' },
  },
});

const inProgress = (status) => status.endsWith('_IN_PROGRESS');
const errorText = (err) =>
  `${err?.name ?? 'Error'} (${err?.$metadata?.httpStatusCode ?? '-'}): ${err?.message}`;

function clients({ server, credentials, agent }) {
  const config = {
    endpoint: server.endpoint,
    region,
    credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: agent, socketAcquisitionWarningTimeout: 60_000 }),
  };
  return { cfn: new CloudFormationClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}

/** Polls DescribeStacks every `pollMs` until the stack leaves *_IN_PROGRESS; returns its last status. */
async function waitForStack({ cfn, stackId, pollMs }) {
  for (;;) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackId }));
    const stack = Stacks[0];
    if (!inProgress(stack.StackStatus)) return stack;
    await delay(pollMs);
  }
}

async function benchTree({ options, server, credentials, accountId }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const { cfn, s3 } = clients({ server, credentials, agent });
  const bucket = `bench-cfn-templates-${accountId}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'child.json', Body: childTemplate() }));
  const templateUrl = `https://${bucket}.s3.amazonaws.com/child.json`;
  const body = parentTemplate({ children: options.children, templateUrl });
  const runs = [];
  for (let run = 0; run < options.runs; run++) {
    const name = `bench-tree-${run + 1}`;
    const cpuBefore = cpuMsOf(server.pid);
    const start = process.hrtime.bigint();
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: body }));
    const created = await waitForStack({ cfn, stackId: StackId, pollMs: options.pollMs });
    const createMs = elapsedMs(start);
    const createCpuMs = cpuMsOf(server.pid) - cpuBefore;
    if (created.StackStatus !== 'CREATE_COMPLETE') {
      throw new Error(`${name} ended ${created.StackStatus}: ${created.StackStatusReason ?? ''}`);
    }
    const { StackResourceSummaries: children } = await cfn.send(
      new ListStackResourcesCommand({ StackName: StackId }),
    );
    const complete = children.filter((r) => r.ResourceStatus === 'CREATE_COMPLETE').length;
    if (complete !== options.children) {
      throw new Error(`${name}: ${complete} of ${options.children} nested stacks are CREATE_COMPLETE`);
    }
    const nestedResources = (
      await cfn.send(new ListStackResourcesCommand({ StackName: children[0].PhysicalResourceId }))
    ).StackResourceSummaries.length;
    const deleteStart = process.hrtime.bigint();
    await cfn.send(new DeleteStackCommand({ StackName: StackId }));
    const deleted = await waitForStack({ cfn, stackId: StackId, pollMs: options.pollMs });
    const deleteMs = elapsedMs(deleteStart);
    if (deleted.StackStatus !== 'DELETE_COMPLETE') {
      throw new Error(`${name} deletion ended ${deleted.StackStatus}: ${deleted.StackStatusReason ?? ''}`);
    }
    runs.push({ name, createMs, createCpuMs, deleteMs, nestedStacks: complete, nestedResources });
    log(`  run ${run + 1}: create ${Math.round(createMs)} ms, delete ${Math.round(deleteMs)} ms`);
  }
  agent.destroy();
  return {
    runs,
    create: distribution(runs.map((r) => r.createMs)),
    delete: distribution(runs.map((r) => r.deleteMs)),
    serverCpuPerCreateMs: distribution(runs.map((r) => r.createCpuMs)),
  };
}

/**
 * Polls ListStacks in every account (one loop per account, every `pollMs`) until each stack id in
 * `pending` (a Map of account id -> Set of stack ids) has a status that is not *_IN_PROGRESS.
 */
async function waitForFleet({ perAccount, pending, pollMs, errors }) {
  const finals = [];
  await Promise.all(
    perAccount.map(async ({ account, cfn }) => {
      const ids = pending.get(account.id);
      while (ids.size > 0) {
        try {
          const summaries = [];
          let token;
          do {
            const page = await cfn.send(new ListStacksCommand({ NextToken: token }));
            summaries.push(...page.StackSummaries);
            token = page.NextToken;
          } while (token);
          for (const s of summaries) {
            if (ids.has(s.StackId) && !inProgress(s.StackStatus)) {
              ids.delete(s.StackId);
              finals.push({
                account: account.name,
                name: s.StackName,
                status: s.StackStatus,
                reason: s.StackStatusReason,
              });
            }
          }
        } catch (err) {
          errors.push(`ListStacks in ${account.name}: ${errorText(err)}`);
        }
        if (ids.size > 0) await delay(pollMs);
      }
    }),
  );
  return finals;
}

async function benchFleet({ options, server, api }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const perAccount = server.accounts.map((account) => {
    const c = api.readStoredCredentials({ stateDir: server.stateDir, account: account.id });
    const credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
    return { account, cfn: clients({ server, credentials, agent }).cfn };
  });
  const phase = async (label, issue, okStatus) => {
    const errors = [];
    const pending = new Map(perAccount.map(({ account }) => [account.id, new Set()]));
    const cpuBefore = cpuMsOf(server.pid);
    const start = process.hrtime.bigint();
    const issued = await Promise.all(
      perAccount.flatMap(({ account, cfn }) =>
        Array.from({ length: options.stacksPerAccount }, async (_, i) => {
          try {
            const stackId = await issue({ account, cfn, index: i });
            pending.get(account.id).add(stackId);
            return true;
          } catch (err) {
            errors.push(`${label} in ${account.name}: ${errorText(err)}`);
            return false;
          }
        }),
      ),
    );
    const issueMs = elapsedMs(start);
    const finals = await waitForFleet({ perAccount, pending, pollMs: options.fleetPollMs, errors });
    const wallMs = elapsedMs(start);
    const failed = finals.filter((f) => f.status !== okStatus);
    const failures = failed.map((f) => `${f.account}/${f.name} ended ${f.status}: ${f.reason ?? ''}`);
    const result = {
      operations: issued.length,
      accepted: issued.filter(Boolean).length,
      issueMs,
      wallMs,
      serverCpuMs: cpuMsOf(server.pid) - cpuBefore,
      completed: finals.length - failed.length,
      failedStacks: failed.length,
      errors: errors.length,
      firstErrors: [...errors, ...failures].slice(0, 5),
    };
    log(
      `  ${label}: ${Math.round(wallMs)} ms, ${result.completed}/${result.operations} ${okStatus}, ${result.errors} errors`,
    );
    return result;
  };
  const stackIds = new Map(perAccount.map(({ account }) => [account.id, []]));
  const create = await phase(
    'CreateStack',
    async ({ account, cfn, index }) => {
      const { StackId } = await cfn.send(
        new CreateStackCommand({ StackName: `bench-fleet-${index + 1}`, TemplateBody: fleetTemplate }),
      );
      stackIds.get(account.id)[index] = StackId;
      return StackId;
    },
    'CREATE_COMPLETE',
  );
  const remove = await phase(
    'DeleteStack',
    async ({ account, cfn, index }) => {
      const stackId = stackIds.get(account.id)[index];
      if (!stackId) throw new Error(`bench-fleet-${index + 1} was never created`);
      await cfn.send(new DeleteStackCommand({ StackName: stackId }));
      return stackId;
    },
    'DELETE_COMPLETE',
  );
  agent.destroy();
  return { accounts: perAccount.length, stacksPerAccount: options.stacksPerAccount, create, delete: remove };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    uptimeAtStart: spawnSync('uptime', { encoding: 'utf8' }).stdout?.trim() ?? '',
  };
}

function targets(results) {
  const tree = results.tree.create.median;
  const f = results.fleet;
  const fleetErrors =
    f.create.errors +
    f.delete.errors +
    (f.create.operations - f.create.completed) +
    (f.delete.operations - f.delete.completed);
  const rss = Math.max(results.memory.afterTree.peakRssMb, results.memory.afterFleet.peakRssMb);
  return {
    treeCreateMedianMs: {
      value: tree,
      limit: Targets.treeCreateMedianMs,
      pass: tree <= Targets.treeCreateMedianMs,
    },
    fleetErrors: {
      value: fleetErrors,
      limit: Targets.fleetErrors,
      pass: fleetErrors === Targets.fleetErrors,
    },
    peakRssMb: { value: rss, limit: Targets.peakRssMb, pass: rss <= Targets.peakRssMb },
  };
}

const ms = (v) => `${Math.round(v)} ms`;
const mb = (v) => `${v.toFixed(1)} MB`;
const verdict = (t) => (t.pass ? 'PASS' : 'FAIL');

function render(results) {
  const m = results.machine;
  const o = results.options;
  const t = results.tree;
  const f = results.fleet;
  const fleetLine = (label, p) =>
    `  ${label}: wall ${ms(p.wallMs)} (all issued in ${ms(p.issueMs)}), ${p.completed}/${p.operations} complete, ` +
    `${p.failedStacks} failed stacks, ${p.errors} errors, server CPU ${ms(p.serverCpuMs)}`;
  const lines = [
    `fleetpipe local cloud CloudFormation benchmark: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, node ${m.node}, ${m.platform}`,
    `uptime at start: ${m.uptimeAtStart}`,
    `uptime at end:   ${results.uptimeAtEnd}`,
    '',
    `(a) parent stack of ${o.children} nested stacks x ${t.runs[0].nestedResources} resources, ${o.runs} runs, DescribeStacks every ${o.pollMs} ms`,
    `  create to CREATE_COMPLETE: ${t.runs.map((r) => ms(r.createMs)).join(', ')}; median ${ms(t.create.median)}`,
    `  server CPU per create: median ${ms(t.serverCpuPerCreateMs.median)}`,
    `  delete to DELETE_COMPLETE: ${t.runs.map((r) => ms(r.deleteMs)).join(', ')}; median ${ms(t.delete.median)}`,
    '',
    `(b) ${f.create.operations} stacks (2 log groups each) across ${f.accounts} accounts, ListStacks per account every ${o.fleetPollMs} ms`,
    fleetLine('create', f.create),
    fleetLine('delete', f.delete),
    ...[...f.create.firstErrors, ...f.delete.firstErrors].map((e) => `  error: ${e}`),
    '',
    `(c) server memory: after (a) RSS ${mb(results.memory.afterTree.rssMb)}, VmHWM ${mb(results.memory.afterTree.peakRssMb)}; ` +
      `after (b) RSS ${mb(results.memory.afterFleet.rssMb)}, VmHWM ${mb(results.memory.afterFleet.peakRssMb)}`,
    '',
  ];
  const r = results.targets;
  lines.push(
    `${verdict(r.treeCreateMedianMs)}  ${o.children}-child tree create median <= ${Targets.treeCreateMedianMs} ms: ${ms(r.treeCreateMedianMs.value)}`,
    `${verdict(r.fleetErrors)}  ${f.create.operations} concurrent stack operations, zero errors: ${r.fleetErrors.value} errors or failures`,
    `${verdict(r.peakRssMb)}  server peak RSS <= ${Targets.peakRssMb} MB: ${mb(r.peakRssMb.value)}`,
  );
  if (o.cpuProfDir) lines.push('', `CPU profile of the server in ${o.cpuProfDir}`);
  return lines.join('\n');
}

async function main() {
  const options = parseOptions();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  ensureCompiled({ compile: options.compile, log });
  const api = await importLocalCloud();
  const work = mkdtempSync(path.join(os.tmpdir(), 'fleetpipe-bench-cfn-'));
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
  const nodeArgs = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [];
  const org = path.join(work, 'org.yaml');
  writeOrganizationFile({ file: org, count: options.accounts });
  const server = await startLocalCloudProcess({ org, nodeArgs });
  try {
    if (server.accounts.length !== options.accounts) {
      throw new Error(`the cloud has ${server.accounts.length} accounts, expected ${options.accounts}`);
    }
    const results = {
      benchmark: 'local-cloud-cfn',
      date: new Date().toISOString(),
      machine: machine(),
      options,
    };
    results.targetLimits = Targets;
    const management = server.accounts.find((a) => a.name === 'management');
    const c = api.readStoredCredentials({ stateDir: server.stateDir, account: management.id });
    log(`(a) ${options.children}-child nested stack tree, ${options.runs} runs`);
    results.tree = await benchTree({
      options,
      server,
      credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
      accountId: management.id,
    });
    results.memory = { afterTree: memoryOf(server.pid) };
    log(`(b) ${options.accounts * options.stacksPerAccount} concurrent stack operations`);
    results.fleet = await benchFleet({ options, server, api });
    results.memory.afterFleet = memoryOf(server.pid);
    results.uptimeAtEnd = spawnSync('uptime', { encoding: 'utf8' }).stdout?.trim() ?? '';
    results.targets = targets(results);
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${render(results)}\n\nresults: ${path.relative(process.cwd(), resultsFile)}\n`);
    if (!Object.values(results.targets).every((t) => t.pass)) process.exitCode = 2;
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  log(`bench/local-cloud/cfn: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});

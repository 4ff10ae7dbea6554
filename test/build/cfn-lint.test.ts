/**
 * Every template fleetpipe synthesizes passes cfn-lint (1.x, on PATH) with no
 * errors and no warnings: a representative set of functions (root layout), and
 * a build large enough to shard, every one of its templates.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../src/build/synth/index.js';
import type { FunctionSpec, PackagedFunction, SynthResult } from '../../src/build/types.js';
import { type LintMatch, lintAll } from '../helpers/cfn-lint.js';
import { makePackaged, Project, representativeFunctions } from './synth/fixtures.js';

function write(dir: string, result: SynthResult): string[] {
  return result.files.map((file) => {
    const target = path.join(dir, file.key);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.body);
    return target;
  });
}

/** A build past the root's 500 stacks, cycling through the shapes a function can take. */
function largeBuild(count: number): PackagedFunction[] {
  const shapes: Partial<FunctionSpec>[] = [
    {},
    {
      runtime: 'python3.13',
      family: 'python',
      handler: 'app.handler',
      configRule: { name: 'x', resourceTypes: ['AWS::EC2::Volume'], inputParameters: { max: 3 } },
    },
    { configRule: { name: 'x', frequency: 'One_Hour' }, environment: { MODE: 'strict' } },
    {
      schedule: { expression: 'rate(15 minutes)', enabled: true, input: { full: false } },
      iamStatements: [{ effect: 'Allow', actions: ['ec2:DescribeInstances'], resources: ['*'] }],
    },
    { targets: { regions: ['eu-west-1', 'eu-central-1'], excludeAccounts: ['222222222222'] } },
  ];
  return Array.from({ length: count }, (_, i) => {
    const dir = `check-${String(i).padStart(4, '0')}`;
    const shape = shapes[i % shapes.length]!;
    const configRule = shape.configRule && { ...shape.configRule, name: `${Project}-${dir}` };
    return makePackaged(dir, { ...shape, ...(configRule && { configRule }) });
  });
}

/** A template cfn-lint must reject: proves a failing lint is noticed. */
const brokenTemplate = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs4.0', Handler: 'i.h' } } },
});

describe('cfn-lint', () => {
  let dir: string;
  let representative: { result: SynthResult; files: string[] };
  let large: { result: SynthResult; files: string[] };
  let brokenFile: string;
  let matches: LintMatch[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'fleetpipe-cfn-lint-'));
    const rep = synthesize({
      project: Project,
      tags: { owner: 'security' },
      functions: representativeFunctions(),
    });
    representative = { result: rep, files: write(path.join(dir, 'representative'), rep) };
    const big = synthesize({ project: Project, functions: largeBuild(510) });
    large = { result: big, files: write(path.join(dir, 'large'), big) };
    brokenFile = path.join(dir, 'broken.json');
    writeFileSync(brokenFile, brokenTemplate);
    matches = await lintAll([...representative.files, ...large.files, brokenFile]);
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const findings = (files: string[]) => {
    const set = new Set(files);
    return matches
      .filter((m) => set.has(m.Filename))
      .map(
        (m) =>
          `${path.relative(dir, m.Filename)}:${m.Location.Start.LineNumber} ${m.Level} ${m.Rule.Id} ${m.Message}`,
      );
  };

  it('reports problems (a broken template is caught)', () => {
    expect(matches.some((m) => m.Filename === brokenFile && m.Level === 'Error')).toBe(true);
  });

  it('finds nothing in the representative set (root layout)', () => {
    expect(representative.result.shards).toEqual([]);
    expect(representative.files).toHaveLength(7);
    expect(findings(representative.files)).toEqual([]);
  });

  it('finds nothing in any template of a sharded 510-function build', () => {
    expect(large.result.shards.length).toBeGreaterThan(1);
    expect(large.files).toHaveLength(1 + large.result.shards.length + 510);
    expect(findings(large.files)).toEqual([]);
  });
});

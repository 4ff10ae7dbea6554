import { describe, expect, it } from 'vitest';
import { shardKey } from '../../../src/build/synth/shard.js';
import { synthesize, type SynthOptions } from '../../../src/build/synth/index.js';
import type { PackagedFunction, SynthResult } from '../../../src/build/types.js';
import { FleetpipeError } from '../../../src/errors.js';
import {
  makeMany,
  makePackaged,
  Project,
  parse,
  representativeFunctions,
  resourcesOfType,
  shuffled,
  thrownBy,
} from './fixtures.js';

const run = (functions: PackagedFunction[], extra: Partial<SynthOptions> = {}) =>
  synthesize({ project: Project, tags: { owner: 'security' }, functions, ...extra });

const bytes = (result: SynthResult) => result.files.map((f) => `${f.key}\n${f.body}`);

/** Functions whose name hashes start with one of `prefixes`, `perPrefix` each (to steer the hash trie). */
function functionsInPrefixes(prefixes: string[], perPrefix: number): PackagedFunction[] {
  const out: PackagedFunction[] = [];
  for (const prefix of prefixes) {
    let found = 0;
    for (let i = 0; found < perPrefix; i++) {
      const dir = `steer-${prefix}-${i}`;
      if (shardKey(`${Project}-${dir}`).startsWith(prefix)) {
        out.push(makePackaged(dir));
        found++;
      }
    }
  }
  return out;
}

function shardOfEach(result: SynthResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const shard of result.shards) for (const fn of shard.functions) out.set(fn, shard.id);
  return out;
}

describe('synthesize: root layout', () => {
  const result = run(representativeFunctions());
  const root = parse(result.root.body);

  it('names templates by content and lists every file once', () => {
    expect(result.root.key).toBe('templates/orchestration.json');
    expect(result.shards).toEqual([]);
    for (const [name, file] of result.functionTemplates) {
      expect(file.key).toBe(`templates/functions/${name}.${file.sha256}.json`);
    }
    expect(result.files.map((f) => f.key)).toEqual([
      result.root.key,
      ...[...result.functionTemplates.values()].map((f) => f.key),
    ]);
    expect(result.files.every((f) => f.body.endsWith('}\n'))).toBe(true);
  });

  it('has one nested stack per function, fetching the content-addressed template and zip', () => {
    const stacks = resourcesOfType(root, 'AWS::CloudFormation::Stack');
    expect(stacks.map(([id]) => id)).toEqual([
      'DailyReport',
      'IamPasswordPolicy',
      'S3BucketEncryption',
      'SgOpenPorts',
      'SingleBucketCheck',
      'TagSweeper',
    ]);
    const fn = representativeFunctions().find((f) => f.spec.dirName === 'tag-sweeper')!;
    const sha = result.functionTemplates.get('acme-tag-sweeper')!.sha256;
    expect(root.Resources.TagSweeper!.Properties).toMatchObject({
      TemplateURL: {
        'Fn::Sub': `https://\${ArtifactBucket}.s3.\${AWS::Region}.\${AWS::URLSuffix}/\${ArtifactPrefix}templates/functions/acme-tag-sweeper.${sha}.json`,
      },
      Parameters: {
        CodeBucket: { Ref: 'ArtifactBucket' },
        CodeKey: { 'Fn::Sub': `\${ArtifactPrefix}functions/acme-tag-sweeper/${fn.codeSha256}.zip` },
      },
      Tags: [
        { Key: 'fleetpipe:function', Value: 'acme-tag-sweeper' },
        { Key: 'fleetpipe:project', Value: 'acme' },
        { Key: 'team', Value: 'platform' },
      ],
    });
  });

  it('takes the artifact bucket and an optional prefix ending with /', () => {
    expect(root.Parameters).toMatchObject({
      ArtifactBucket: { Type: 'String' },
      ArtifactPrefix: { Type: 'String', Default: '' },
    });
    const pattern = new RegExp(root.Parameters!.ArtifactPrefix!.AllowedPattern!);
    for (const ok of ['', 'builds/', 'a/b-1/']) expect(pattern.test(ok)).toBe(true);
    for (const bad of ['builds', 'a/x', 'a b/', 'a$/']) expect(pattern.test(bad), bad).toBe(false);
  });

  it('puts region and account-ID filters on the stack as conditions', () => {
    expect(root.Resources.SgOpenPorts!.Condition).toBe('SgOpenPortsTargets');
    expect(root.Resources.SingleBucketCheck!.Condition).toBe('SingleBucketCheckTargets');
    expect(root.Resources.TagSweeper!.Condition).toBe('TagSweeperTargets');
    expect(root.Resources.S3BucketEncryption).not.toHaveProperty('Condition');
    expect(Object.keys(root.Conditions ?? {}).sort()).toEqual([
      'DailyReportTargets',
      'SgOpenPortsTargets',
      'SingleBucketCheckTargets',
      'TagSweeperTargets',
    ]);
  });

  it('hands account names and OU paths to the deploy engine in the metadata', () => {
    expect(root.Metadata).toEqual({
      fleetpipe: {
        project: 'acme',
        layout: 'root',
        functionCount: 6,
        targets: {
          'acme-daily-report': { accounts: ['Audit/Logs', 'Security'] },
          'acme-sg-open-ports': { excludeAccounts: ['Sandbox'] },
        },
      },
    });
  });

  it('describes the project and keeps outputs few (never per function)', () => {
    expect(root.Description).toMatch(/fleetpipe.*acme/);
    expect(root.Outputs).toEqual({
      Project: { Description: 'fleetpipe project', Value: 'acme' },
      FunctionCount: { Description: 'Functions in this build', Value: '6' },
    });
  });

  it('avoids a condition name that is already a logical ID', () => {
    const clash = run([
      makePackaged('a', { targets: { regions: ['eu-west-1'] } }),
      makePackaged('a-targets', { logicalId: 'ATargets' }),
    ]);
    const tpl = parse(clash.root.body);
    expect(tpl.Resources.A!.Condition).toBe('ATargetsX');
    expect(tpl.Resources.ATargets).not.toHaveProperty('Condition');
  });
});

describe('synthesize: determinism and content addressing', () => {
  it('gives identical bytes for any input order', () => {
    const fns = representativeFunctions();
    const first = bytes(run(fns));
    expect(bytes(run(shuffled(fns, 1)))).toEqual(first);
    expect(bytes(run([...fns].reverse()))).toEqual(first);
  });

  it('gives identical bytes for any input order when sharded', () => {
    const fns = makeMany(600);
    expect(bytes(run(shuffled(fns, 7)))).toEqual(bytes(run(fns)));
  });

  it('new code: new function template and root; other function templates unchanged', () => {
    const before = run(representativeFunctions());
    const changed = representativeFunctions().map((f) =>
      f.spec.dirName === 'daily-report' ? makePackaged('daily-report', f.spec, 'v2') : f,
    );
    const after = run(changed);
    const name = 'acme-daily-report';
    expect(after.functionTemplates.get(name)!.sha256).not.toBe(before.functionTemplates.get(name)!.sha256);
    expect(after.functionTemplates.get(name)!.key).not.toBe(before.functionTemplates.get(name)!.key);
    expect(after.root.body).not.toBe(before.root.body);
    expect(after.root.body).toContain(after.functionTemplates.get(name)!.key);
    for (const [other, file] of before.functionTemplates) {
      if (other !== name) expect(after.functionTemplates.get(other)).toEqual(file);
    }
  });

  it('new code in a sharded build: only that function’s shard and the root change', () => {
    const fns = makeMany(600);
    const before = run(fns);
    const target = fns[123]!;
    const after = run(fns.map((f) => (f === target ? makePackaged(f.spec.dirName, f.spec, 'v2') : f)));
    const shardOf = shardOfEach(before).get(target.spec.name);
    for (const [i, shard] of before.shards.entries()) {
      if (shard.id === shardOf) expect(after.shards[i]!.templateSha256).not.toBe(shard.templateSha256);
      else expect(after.shards[i]).toEqual(shard);
    }
    expect(after.root.sha256).not.toBe(before.root.sha256);
  });
});

describe('synthesize: sharding', () => {
  it('shards a real 600-function build that crosses the 500-resource limit', () => {
    const result = run(makeMany(600));
    const root = parse(result.root.body);
    expect(result.shards.map((s) => s.id)).toEqual([...'0123456789ABCDEF'].map((d) => `Shard${d}`));
    expect(Object.keys(root.Resources)).toEqual(result.shards.map((s) => s.id));
    expect(root.Metadata).toMatchObject({ fleetpipe: { layout: 'sharded', functionCount: 600 } });
    expect(root.Outputs?.FunctionCount?.Value).toBe('600');
    const all = result.shards.flatMap((s) => s.functions);
    expect(new Set(all).size).toBe(600);
    for (const shard of result.shards) {
      expect(shard.functions).toEqual([...shard.functions].sort());
      expect(shard.templateKey).toBe(`templates/shards/${shard.id}.${shard.templateSha256}.json`);
      const body = result.files.find((f) => f.key === shard.templateKey)!.body;
      const tpl = parse(body);
      expect(Object.keys(tpl.Resources)).toHaveLength(shard.functions.length);
      expect(Object.keys(tpl.Resources).length).toBeLessThanOrEqual(500);
      expect(root.Resources[shard.id]!.Properties).toMatchObject({
        TemplateURL: {
          'Fn::Sub': `https://\${ArtifactBucket}.s3.\${AWS::Region}.\${AWS::URLSuffix}/\${ArtifactPrefix}${shard.templateKey}`,
        },
        Parameters: { ArtifactBucket: { Ref: 'ArtifactBucket' }, ArtifactPrefix: { Ref: 'ArtifactPrefix' } },
      });
    }
    expect(result.files).toHaveLength(1 + 16 + 600);
  });

  it('keeps 500 function stacks in the root: the limit is inclusive', () => {
    expect(run(makeMany(500)).shards).toEqual([]);
    expect(run(makeMany(501)).shards).toHaveLength(16);
  });

  it('forced by a small resource limit: shards by hash prefix, deeper where a prefix overflows', () => {
    const fns = [...functionsInPrefixes(['a0', 'a1'], 4), ...functionsInPrefixes(['b'], 3)];
    const result = run(fns, { limits: { maxResources: 5 } });
    // Group "a" (8) overflows and splits; "b" (3) fits.
    expect(result.shards.map((s) => [s.id, s.functions.length])).toEqual([
      ['ShardA0', 4],
      ['ShardA1', 4],
      ['ShardB', 3],
    ]);
    const shardTemplate = parse(result.files.find((f) => f.key === result.shards[0]!.templateKey)!.body);
    expect(resourcesOfType(shardTemplate, 'AWS::CloudFormation::Stack')).toHaveLength(4);
    expect(shardTemplate.Parameters).toHaveProperty('ArtifactPrefix');
  });

  it('forced by a small byte limit: measures the real template bytes', () => {
    const fns = functionsInPrefixes(['c', 'd'], 5);
    const unsharded = run(fns);
    const result = run(fns, { limits: { maxTemplateBytes: Buffer.byteLength(unsharded.root.body) - 1 } });
    expect(result.shards.map((s) => s.id)).toEqual(['ShardC', 'ShardD']);
  });

  it('keeps root-layout conditions and deferred targets when sharded', () => {
    const fns = [
      ...makeMany(501),
      makePackaged('only-prod', { targets: { regions: ['eu-west-1'], accounts: ['Prod'] } }),
    ];
    const result = run(fns);
    const root = parse(result.root.body);
    expect(root.Metadata).toMatchObject({
      fleetpipe: { targets: { 'acme-only-prod': { accounts: ['Prod'] } } },
    });
    const shard = result.shards.find((s) => s.functions.includes('acme-only-prod'))!;
    const tpl = parse(result.files.find((f) => f.key === shard.templateKey)!.body);
    expect(tpl.Resources.OnlyProd!.Condition).toBe('OnlyProdTargets');
    expect(tpl.Conditions?.OnlyProdTargets).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] });
  });

  describe('stability across builds (1,200 functions, real limits)', () => {
    const base = makeMany(1200);
    const before = run(base);
    const beforeShards = shardOfEach(before);

    function expectSameShards(after: SynthResult, removed: string[] = []) {
      const now = shardOfEach(after);
      for (const [name, shard] of beforeShards)
        if (!removed.includes(name)) expect(now.get(name)).toBe(shard);
    }

    it('adding one function moves no existing function and changes only its own shard template', () => {
      const added = makePackaged('zz-new');
      const after = run([...base, added]);
      expectSameShards(after);
      const home = shardOfEach(after).get(added.spec.name);
      for (const shard of after.shards) {
        const old = before.shards.find((s) => s.id === shard.id)!;
        if (shard.id === home) expect(shard.templateSha256).not.toBe(old.templateSha256);
        else expect(shard).toEqual(old);
      }
    });

    it('adding 50 functions moves no existing function, even when they sort first by name', () => {
      const added = Array.from({ length: 50 }, (_, i) => makePackaged(`aa-${i}`));
      expectSameShards(run([...added, ...base]));
    });

    it('removing one function moves no other function', () => {
      const removed = base[777]!.spec.name;
      expectSameShards(run(base.filter((f) => f.spec.name !== removed)), [removed]);
    });
  });
});

describe('synthesize: limits and errors', () => {
  it('refuses a function whose own template crosses a limit, naming it', () => {
    const error = thrownBy(() =>
      run([makePackaged('big', { configFile: '/p/function.yaml' })], { limits: { maxResources: 2 } }),
    );
    expect(error).toBeInstanceOf(FleetpipeError);
    expect(error).toMatchObject({ code: 'TemplateLimitExceeded', file: '/p/function.yaml' });
    expect((error as Error).message).toContain('acme-big');
    expect((error as Error).message).toContain('3 resources, more than the 2');
  });

  it('refuses a root that cannot hold its shards', () => {
    // Eight prefixes, two functions each: the root would need 8 shard stacks, more than 5.
    const fns = functionsInPrefixes(['1', '2', '3', '4', '5', '6', '7', '8'], 2);
    const error = thrownBy(() => run(fns, { limits: { maxResources: 5 } }));
    expect(error).toMatchObject({ code: 'TemplateLimitExceeded' });
    expect((error as Error).message).toContain('orchestration template (8 shards)');
  });

  it('refuses two functions with the same name or logical ID', () => {
    const error = thrownBy(() =>
      run([makePackaged('a'), makePackaged('b', { name: 'acme-a' }), makePackaged('c', { logicalId: 'A' })]),
    ) as FleetpipeError;
    expect(error).toBeInstanceOf(FleetpipeError);
    expect(error.all().map((e) => e.code)).toEqual(['FunctionNameCollision', 'FunctionNameCollision']);
    expect(
      error
        .all()
        .map((e) => e.message)
        .join('\n'),
    ).toMatch(/functions\/a and functions\/b .*"acme-a"/);
  });
});

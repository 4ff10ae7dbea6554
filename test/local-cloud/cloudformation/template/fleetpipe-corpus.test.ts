/**
 * fleetpipe's own templates as a realistic corpus: the example project built by the real CLI, plus a
 * representative synthesis and one large enough to shard. Every template must parse, validate and order
 * its resources; every resource and output must resolve; and every nested stack's TemplateURL and
 * Parameters must match a template of the same build and satisfy its declared parameters.
 * (Tests may import fleetpipe; the local cloud's sources may not.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrder,
  deleteOrder,
  evaluateConditions,
  type PseudoParameters,
  pseudoParameters,
  type RefValue,
  resolveOutputs,
  resolveParameters,
  resolveResource,
  type Template,
  type TemplateValue,
  parseTemplate,
  validateTemplate,
} from '../../../../src/local-cloud/cloudformation/template/index.js';
import { synthesize } from '../../../../src/build/synth/index.js';
import { makeMany, Project, representativeFunctions } from '../../../build/synth/fixtures.js';

/** Two regions, so that region-conditional nested stacks (fleetpipe's `targets.regions`) are reached too. */
const REGIONS = ['eu-west-1', 'us-east-1'];
const pseudoFor = (region: string): PseudoParameters =>
  pseudoParameters({
    accountId: '123456789012',
    region,
    stackName: 'fleetpipe',
    stackId: `arn:aws:cloudformation:${region}:123456789012:stack/fleetpipe/1`,
  });

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const BUCKET = 'artifacts';

type Corpus = Map<string, string>;

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** Parameter values a deploy could pass: the default, else the first allowed value, else a plain string. */
function givenFor(template: Template): Record<string, string> {
  const given: Record<string, string> = {};
  for (const [key, p] of Object.entries(template.parameters)) {
    if (p.default === undefined) given[key] = p.allowedValues?.[0] ?? `${key.toLowerCase()}-value`;
  }
  return given;
}

interface Checked {
  key: string;
  waves: string[][];
  /** Nested stacks: resolved TemplateURL and Parameters. */
  children: Array<{ url: string; parameters: Record<string, string> }>;
}

/** Parses, validates, orders and fully resolves one template of the corpus. */
function check(
  key: string,
  body: string,
  given?: Record<string, string>,
  pseudo = pseudoFor(REGIONS[0]!),
): Checked {
  const template = parseTemplate(body, { source: 'url' });
  validateTemplate(template);
  expect(createOrder(template).flat().sort()).toEqual(Object.keys(template.resources).sort());
  expect(deleteOrder(template).flat()).toHaveLength(Object.keys(template.resources).length);

  const parameters = resolveParameters({ template, given: given ?? givenFor(template) }).values;
  const conditions = evaluateConditions(template, { parameters, pseudo });
  const waves = createOrder(template, { conditions });
  const created = new Set<string>();
  const context = {
    parameters,
    pseudo,
    conditions,
    mappings: template.mappings,
    resourceIds: new Set(Object.keys(template.resources)),
    ref: (id: string) => (created.has(id) ? `${id}-physical` : undefined),
    getAtt: (id: string, attribute: string): TemplateValue | undefined =>
      created.has(id) ? `arn:aws:test:::${id}/${attribute}` : undefined,
  };
  const children: Checked['children'] = [];
  for (const wave of waves) {
    // Every resource of a wave resolves with only the earlier waves created.
    const resolved = wave.map((id) => resolveResource(template, id, context));
    for (const resource of resolved) {
      if (resource.type !== 'AWS::CloudFormation::Stack') continue;
      const { TemplateURL, Parameters } = resource.properties as {
        TemplateURL: string;
        Parameters?: Record<string, RefValue>;
      };
      children.push({ url: TemplateURL, parameters: (Parameters ?? {}) as Record<string, string> });
    }
    for (const id of wave) created.add(id);
  }
  for (const output of resolveOutputs(template, context)) expect(typeof output.OutputValue).toBe('string');
  return { key, waves, children };
}

/**
 * Checks every template, then follows nested stacks from the root, checking each child with the values
 * its parent passes; every template of the build must be reached.
 */
function checkCorpus(corpus: Corpus, rootKey: string): Checked[] {
  const checked = [...corpus].map(([key, body]) => check(key, body));
  const reached = new Set<string>();
  for (const region of REGIONS) {
    const pseudo = pseudoFor(region);
    const prefix = `https://${BUCKET}.s3.${region}.amazonaws.com/`;
    const visit = (key: string, given?: Record<string, string>): void => {
      reached.add(key);
      const result = check(key, corpus.get(key)!, given, pseudo);
      for (const child of result.children) {
        expect(child.url.startsWith(prefix), child.url).toBe(true);
        const childKey = child.url.slice(prefix.length);
        expect(corpus.has(childKey), `${key} nests ${childKey}, which the build must contain`).toBe(true);
        visit(childKey, child.parameters);
      }
    };
    visit(rootKey, { ArtifactBucket: BUCKET });
  }
  expect([...reached].sort()).toEqual([...corpus.keys()].sort());
  return checked;
}

describe('fleetpipe templates through the template engine', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'fleetpipe-cfn-corpus-'));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('examples/config-rules built by bin/fleetpipe.js', () => {
    const out = path.join(work, 'dist');
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin/fleetpipe.js'),
        'build',
        path.join(ROOT, 'examples/config-rules'),
        '--out',
        out,
        '--cache-dir',
        path.join(work, 'cache'),
      ],
      { encoding: 'utf8', cwd: work },
    );
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    const corpus: Corpus = new Map(
      listFiles(path.join(out, 'templates')).map((file) => [
        path.relative(out, file).split(path.sep).join('/'),
        readFileSync(file, 'utf8'),
      ]),
    );
    expect(corpus.size).toBeGreaterThanOrEqual(6);
    const checked = checkCorpus(corpus, 'templates/orchestration.json');
    const functionTemplates = checked.filter((c) => c.key.startsWith('templates/functions/'));
    expect(functionTemplates).toHaveLength(corpus.size - 1);
    // A function stack: role and log group first, the function next, then what uses it.
    for (const { waves } of functionTemplates) {
      expect(waves[0]).toEqual(['ExecutionRole', 'LogGroup']);
      expect(waves[1]).toEqual(['Function']);
    }
  });

  it('a representative synthesis (every trigger, IAM statements, targets)', () => {
    const result = synthesize({
      project: Project,
      tags: { owner: 'team' },
      functions: representativeFunctions(),
    });
    const corpus: Corpus = new Map(result.files.map((f) => [f.key, f.body]));
    const checked = checkCorpus(corpus, result.root.key);
    expect(checked).toHaveLength(result.files.length);
  });

  it('a build large enough to shard (600 functions)', () => {
    const result = synthesize({ project: Project, functions: makeMany(600) });
    expect(result.shards.length).toBeGreaterThan(1);
    const corpus: Corpus = new Map(result.files.map((f) => [f.key, f.body]));
    const root = check(result.root.key, result.root.body, { ArtifactBucket: BUCKET });
    expect(root.children.length).toBe(result.shards.length);
    expect(checkCorpus(corpus, result.root.key)).toHaveLength(result.files.length);
  });
});

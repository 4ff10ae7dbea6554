/**
 * Valid files are read with js-yaml (fast), invalid ones with `yaml` (positions).
 * Both must read every document the same way, or a file could validate under one
 * reading and be reported under the other.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/config/yaml.js';

const tricky = [
  'a: yes\nb: no\nc: on\nd: off\ne: y\n',
  'a: 010\nb: 0o10\nc: 0x1F\nd: 1e3\ne: .5\nf: -.inf\ng: .nan\n',
  'a: 2026-11-26\nb: 2026-11-26T10:00:00Z\n',
  'a: ~\nb: null\nc: Null\nd:\n',
  'a: "123456789012"\nb: 123456789012\nc: 1_000\n',
  'a: True\nb: TRUE\nc: tRuE\n',
  'a: |\n  line one\n  line two\nb: >\n  folded\n  text\n',
  "a: 'single ''quoted'''\nb: \"tab\\tnew\\nline\"\n",
  'list:\n  - one\n  - { k: v, n: 1 }\n  - [x, y]\n',
  'cron: cron(0 8 ? * MON-FRI *)\nrate: rate(5 minutes)\n',
  'anchors:\n  base: &b { x: 1 }\n  copy: *b\n',
  'key with spaces: value\n"quoted key": 1\n',
];

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...yamlFilesUnder(full));
    else if (name.endsWith('.yaml')) out.push(full);
  }
  return out;
}

describe('js-yaml and yaml agree', () => {
  const examples = yamlFilesUnder(path.resolve(import.meta.dirname, '../../examples'));

  it('finds the example files', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  for (const [i, text] of [
    ...tricky.entries(),
    ...examples.map((f) => [f, readFileSync(f, 'utf8')] as const),
  ]) {
    it(`reads ${typeof i === 'number' ? `snippet ${i}` : path.basename(path.dirname(i))} the same`, () => {
      const fast = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
      const positioned = parseYaml(text, 'x.yaml').value;
      expect(fast).toEqual(positioned);
    });
  }
});

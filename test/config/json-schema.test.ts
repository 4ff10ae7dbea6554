import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SupportedRuntimes } from '../../src/build/runtimes.js';
import { jsonSchemas } from '../../src/config/json-schema.js';
import { closest, editDistance } from '../../src/config/suggest.js';

describe('JSON Schemas', () => {
  it('schema/ is up to date with the zod schemas (run `npm run schema` when this fails)', () => {
    for (const file of jsonSchemas()) {
      const onDisk = readFileSync(new URL(`../../schema/${file.fileName}`, import.meta.url), 'utf8');
      expect(onDisk, file.fileName).toBe(file.text);
    }
  });

  it('lets editors complete runtimes and forbids unknown keys', () => {
    const fn = JSON.parse(jsonSchemas().find((f) => f.fileName === 'function.schema.json')!.text);
    expect(fn.properties.runtime.enum).toEqual(Object.keys(SupportedRuntimes));
    expect(fn.additionalProperties).toBe(false);
    expect(fn.properties.configRule.properties.frequency.enum).toContain('TwentyFour_Hours');
  });
});

describe('did you mean', () => {
  it('suggests close keys and prefixes, and nothing for unrelated words', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('enviroment', ['environment', 'timeout'])).toBe('environment');
    expect(closest('memory', ['memorySize', 'timeout'])).toBe('memorySize');
    expect(closest('Timeout', ['timeout'])).toBe('timeout');
    expect(closest('zebra', ['environment', 'timeout'])).toBeUndefined();
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates.
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  escapeSub,
  resource,
  sha256Hex,
  sortKeysDeep,
  tagList,
  template,
} from '../../../src/build/synth/cfn.js';

describe('canonicalJson', () => {
  it('keeps keys in the order they were built, indents by one space and ends with a newline', () => {
    expect(canonicalJson({ b: 1, a: { d: true, c: null } })).toBe(
      '{\n "b": 1,\n "a": {\n  "d": true,\n  "c": null\n }\n}\n',
    );
  });

  it('leaves out undefined members', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{\n "b": "x"\n}\n');
  });

  it('rejects what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ a: [1, undefined] })).toThrow(/\$\.a\[1\] is undefined/);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/\$\.n is NaN/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/not JSON/);
  });
});

describe('builders', () => {
  it('orders resource attributes the CloudFormation way and drops empty DependsOn', () => {
    const res = resource('AWS::X::Y', { P: 1 }, { DeletionPolicy: 'Delete', DependsOn: [], Condition: 'C' });
    expect(Object.keys(res)).toEqual(['Type', 'Condition', 'DeletionPolicy', 'Properties']);
  });

  it('orders template sections and omits empty optional ones', () => {
    const tpl = template({
      description: 'd',
      resources: {},
      outputs: {},
      parameters: {},
      metadata: { a: 1 },
    });
    expect(Object.keys(tpl)).toEqual(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Resources']);
  });

  it('sorts tags by key (code-unit order, not locale order)', () => {
    expect(tagList({ b: '2', B: '1', a: '3' }).map((t) => t.Key)).toEqual(['B', 'a', 'b']);
  });

  it('sorts keys deeply but keeps array order', () => {
    expect(JSON.stringify(sortKeysDeep({ z: [{ y: 1, x: 2 }, 3], a: 1 }))).toBe(
      '{"a":1,"z":[{"x":2,"y":1},3]}',
    );
  });

  it('escapes ${ for Fn::Sub', () => {
    expect(escapeSub('a${b}c')).toBe('a${!b}c');
  });

  it('hashes UTF-8 bytes', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

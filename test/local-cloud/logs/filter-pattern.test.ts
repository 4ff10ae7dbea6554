/**
 * Filter patterns as pure predicates.
 */
import { describe, expect, it } from 'vitest';
import { compileFilterPattern } from '../../../src/local-cloud/services/logs/index.js';

const matches = (pattern: string, message: string) => compileFilterPattern(pattern)(message);

describe('compileFilterPattern', () => {
  it('matches everything when empty', () => {
    expect(matches('', 'anything')).toBe(true);
    expect(compileFilterPattern(undefined)('x')).toBe(true);
  });

  it('needs every plain term, case-sensitively', () => {
    expect(matches('ERROR timeout', 'ERROR: request timeout')).toBe(true);
    expect(matches('ERROR timeout', 'ERROR: request failed')).toBe(false);
    expect(matches('error', 'ERROR')).toBe(false);
  });

  it('matches quoted phrases as written, with escaped quotes', () => {
    expect(matches('"disk full"', 'WARN disk full on /var')).toBe(true);
    expect(matches('"disk full"', 'disk is full')).toBe(false);
    expect(matches('"say \\"hi\\""', 'they say "hi"')).toBe(true);
  });

  it('combines optional and excluded terms', () => {
    expect(matches('?ERROR ?WARN', 'WARN low memory')).toBe(true);
    expect(matches('?ERROR ?WARN', 'INFO ok')).toBe(false);
    expect(matches('ERROR -Retrying', 'ERROR Retrying in 5s')).toBe(false);
    expect(matches('ERROR -Retrying', 'ERROR giving up')).toBe(true);
  });

  it('matches regular expressions between percent signs', () => {
    expect(matches('%[0-9]{3} failed%', 'HTTP 503 failed')).toBe(true);
    expect(matches('%^INFO%', 'WARN INFO')).toBe(false);
  });

  it('evaluates JSON patterns', () => {
    const event = JSON.stringify({
      level: 'ERROR',
      latency: 250,
      flag: true,
      none: null,
      list: ['a', 'b'],
      user: { name: 'admin-7' },
    });
    expect(matches('{ $.level = "ERROR" }', event)).toBe(true);
    expect(matches('{ $.level = ERROR }', event)).toBe(true);
    expect(matches('{ $.level != "ERROR" }', event)).toBe(false);
    expect(matches('{ $.latency >= 250 && $.latency < 251 }', event)).toBe(true);
    expect(matches('{ ($.latency > 1000 || $.user.name = "adm*") && $.flag IS TRUE }', event)).toBe(true);
    expect(matches('{ $.none IS NULL }', event)).toBe(true);
    expect(matches('{ $.list[1] = "b" }', event)).toBe(true);
    expect(matches('{ $.missing NOT EXISTS }', event)).toBe(true);
    expect(matches('{ $.user EXISTS }', event)).toBe(true);
    expect(matches('{ $.level = "ERROR" }', 'not json')).toBe(false);
  });

  it('refuses malformed patterns with InvalidParameterException', () => {
    for (const bad of ['{ $.a = }', '{ $.a = "x"', '{ level = "x" }', '"unterminated', '%(%', '[ip, user]']) {
      expect(() => compileFilterPattern(bad), bad).toThrow(
        expect.objectContaining({ code: 'InvalidParameterException' }),
      );
    }
  });
});

/**
 * The shared JSON-protocol member reader: typed getters, the "1 validation error detected" messages, and
 * how each service's binding words its errors (codes, member names, list values).
 */
import { describe, expect, it } from 'vitest';
import * as config from '../../../src/local-cloud/services/config/input.js';
import * as events from '../../../src/local-cloud/services/events/input.js';
import * as kms from '../../../src/local-cloud/services/kms/input.js';
import * as logs from '../../../src/local-cloud/services/logs/input.js';
import {
  constraintErrorOf,
  lowerFirst,
  validationMessage,
} from '../../../src/local-cloud/services/shared/errors.js';
import { jsonInput } from '../../../src/local-cloud/services/shared/json-input.js';

function errorOf(run: () => unknown): { code?: string; message: string; status?: number } | undefined {
  try {
    run();
  } catch (err) {
    const { code, message, status } = err as { code?: string; message: string; status?: number };
    return { code, message, status };
  }
  return undefined;
}

const input = jsonInput({ constraint: constraintErrorOf({ code: 'ValidationException' }) });

describe('validation messages', () => {
  it('quotes the value, or says null', () => {
    expect(validationMessage('name', 'x', 'Member must not be empty')).toBe(
      "1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: Member must not be empty",
    );
    expect(validationMessage('name', undefined, 'Member must not be null')).toBe(
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
    expect(validationMessage('limit', 0, 'c')).toContain("Value '0' at 'limit'");
  });

  it('answers with the given code and names the member as the service does', () => {
    const kmsStyle = constraintErrorOf({ code: 'ValidationException', memberName: lowerFirst });
    expect(
      errorOf(() => {
        throw kmsStyle('KeyId', 'x', 'c');
      }),
    ).toEqual({
      code: 'ValidationException',
      status: 400,
      message: "1 validation error detected: Value 'x' at 'keyId' failed to satisfy constraint: c",
    });
    expect(constraintErrorOf({ code: 'InvalidParameterException' })('logGroupName', 'x', 'c').code).toBe(
      'InvalidParameterException',
    );
  });
});

describe('jsonInput getters', () => {
  it('reads present members and leaves absent or null ones undefined', () => {
    const body = { s: 'abc', n: 3, b: true, e: 'B', o: { k: 1 }, l: [1, 2], m: { a: 'x' }, z: null };
    expect(input.optionalString(body, 's')).toBe('abc');
    expect(input.optionalInteger(body, 'n')).toBe(3);
    expect(input.optionalBoolean(body, 'b')).toBe(true);
    expect(input.optionalEnum(body, 'e', ['A', 'B'])).toBe('B');
    expect(input.optionalObject(body, 'o')).toEqual({ k: 1 });
    expect(input.optionalList(body, 'l')).toEqual([1, 2]);
    expect(input.optionalStringMap(body, 'm')).toEqual({ a: 'x' });
    for (const member of ['z', 'missing']) {
      expect(input.optionalString(body, member)).toBeUndefined();
      expect(input.optionalInteger(body, member)).toBeUndefined();
      expect(input.optionalList(body, member)).toBeUndefined();
    }
  });

  it('answers SerializationException for a member of the wrong JSON type', () => {
    expect(errorOf(() => input.optionalString({ s: 1 }, 's'))).toEqual({
      code: 'SerializationException',
      status: 400,
      message: 's must be a string.',
    });
    expect(errorOf(() => input.optionalInteger({ n: 1.5 }, 'n'))?.message).toBe('n must be an integer.');
    expect(errorOf(() => input.optionalBoolean({ b: 'true' }, 'b'))?.message).toBe('b must be a boolean.');
    expect(errorOf(() => input.optionalObject({ o: [] }, 'o'))?.message).toBe('o must be an object.');
    expect(errorOf(() => input.optionalList({ l: {} }, 'l'))?.message).toBe('l must be a list.');
    expect(errorOf(() => input.optionalStringMap({ m: { a: 1 } }, 'm'))?.message).toBe(
      'm.a must be a string.',
    );
    expect(errorOf(() => input.objectItem('x', 'Entries.2'))?.message).toBe('Entries.2 must be an object.');
    expect(errorOf(() => input.stringItem(1, 'Ids.1'))?.message).toBe('Ids.1 must be a string.');
  });

  it('checks lengths, patterns, ranges and enums in that order', () => {
    const name = { min: 2, max: 3, pattern: { regex: /^[a-z]+$/, text: '[a-z]+' } };
    expect(errorOf(() => input.checkString('Name', 'a', name))?.message).toContain(
      "Value 'a' at 'Name' failed to satisfy constraint: Member must have length greater than or equal to 2",
    );
    expect(errorOf(() => input.checkString('Name', 'abcd', name))?.message).toContain(
      'Member must have length less than or equal to 3',
    );
    expect(errorOf(() => input.checkString('Name', 'AB', name))?.message).toContain(
      'Member must satisfy regular expression pattern: [a-z]+',
    );
    expect(errorOf(() => input.optionalInteger({ n: 0 }, 'n', { min: 1 }))?.message).toContain(
      "Value '0' at 'n' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(errorOf(() => input.optionalInteger({ n: 11 }, 'n', { max: 10 }))?.message).toContain(
      'Member must have value less than or equal to 10',
    );
    expect(errorOf(() => input.optionalEnum({ e: 'C' }, 'e', ['A', 'B']))?.message).toContain(
      "Value 'C' at 'e' failed to satisfy constraint: Member must satisfy enum value set: [A, B]",
    );
  });

  it('requires required members, and a non-empty string unless told otherwise', () => {
    expect(errorOf(() => input.requiredString({}, 'Name'))).toEqual({
      code: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value null at 'Name' failed to satisfy constraint: Member must not be null",
    });
    expect(errorOf(() => input.requiredString({ Name: '' }, 'Name'))?.message).toContain(
      "Value '' at 'Name' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(input.requiredString({ Name: '' }, 'Name', { min: 0 })).toBe('');
    expect(errorOf(() => input.requiredObject({}, 'Source'))?.message).toContain('Member must not be null');
  });

  it('shows a list breaking its limits as a count, or as the service says for a short one', () => {
    expect(errorOf(() => input.optionalList({ l: [] }, 'l', { min: 1 }))?.message).toContain(
      "Value '[0 items]' at 'l'",
    );
    expect(errorOf(() => input.optionalList({ l: [1, 2, 3] }, 'l', { max: 2 }))?.message).toContain(
      "Value '[3 items]' at 'l' failed to satisfy constraint: Member must have length less than or equal to 2",
    );
    const short = jsonInput({
      constraint: constraintErrorOf({ code: 'ValidationException' }),
      shortListValue: '[]',
    });
    expect(errorOf(() => short.optionalList({ l: [] }, 'l', { min: 1 }))?.message).toContain(
      "Value '[]' at 'l'",
    );
    expect(errorOf(() => short.optionalList({ l: [1, 2, 3] }, 'l', { max: 2 }))?.message).toContain(
      "Value '[3 items]'",
    );
  });

  it('uses the wrong-type error it is given', () => {
    const custom = jsonInput({
      constraint: constraintErrorOf({ code: 'ValidationException' }),
      wrongType: (member, expected) => constraintErrorOf({ code: 'Custom' })(member, undefined, expected),
    });
    expect(errorOf(() => custom.optionalString({ s: 1 }, 's'))?.code).toBe('Custom');
  });
});

describe('service bindings', () => {
  it('EventBridge: ValidationException, `[]` for a short list, items named Member.N', () => {
    expect(errorOf(() => events.requiredString({}, 'Name'))?.code).toBe('ValidationException');
    expect(
      errorOf(() => events.list({ Entries: [] }, 'Entries', events.objectItem('Entries'), { min: 1 })),
    ).toEqual({
      code: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value '[]' at 'Entries' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
    expect(errorOf(() => events.list({ Ids: ['a', 2] }, 'Ids', events.stringItem('Ids')))?.message).toBe(
      'Ids.2 must be a string.',
    );
  });

  it('Config: items read with their paths, checked by length', () => {
    expect(config.list({ Names: ['a', 'bcd'] }, 'Names', config.stringItem({ max: 3 }))).toEqual([
      'a',
      'bcd',
    ]);
    expect(
      errorOf(() => config.list({ Names: ['abcd'] }, 'Names', config.stringItem({ max: 3 })))?.message,
    ).toBe(
      "1 validation error detected: Value 'abcd' at 'Names.1' failed to satisfy constraint: Member must have length less than or equal to 3",
    );
    expect(errorOf(() => config.list({ D: [1] }, 'D', config.objectItem))?.message).toBe(
      'D.1 must be an object.',
    );
    expect(errorOf(() => config.requiredTimestamp({ T: true }, 'T'))?.code).toBe('SerializationException');
  });

  it('Logs: InvalidParameterException; a string list shown item by item', () => {
    expect(errorOf(() => logs.requiredString({}, 'logGroupName'))?.code).toBe('InvalidParameterException');
    expect(errorOf(() => logs.optionalStringList({ k: ['a', 'b'] }, 'k', { max: 1 }))).toEqual({
      code: 'InvalidParameterException',
      status: 400,
      message:
        "1 validation error detected: Value '[a, b]' at 'k' failed to satisfy constraint: Member must have length less than or equal to 1",
    });
    expect(errorOf(() => logs.objectList({ logEvents: [1] }, 'logEvents', (e) => e))?.message).toBe(
      'logEvents.1 must be an object.',
    );
  });

  it('KMS: constraint messages name members in lower camel case, type errors as sent', () => {
    expect(errorOf(() => kms.requiredString({}, 'KeyId'))?.message).toBe(
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
    );
    expect(errorOf(() => kms.optionalString({ KeyId: 1 }, 'KeyId'))?.message).toBe('KeyId must be a string.');
    expect(errorOf(() => kms.encryptionContext({ Ctx: { a: 1 } }, 'Ctx'))?.message).toBe(
      'Ctx.a must be a string.',
    );
  });
});

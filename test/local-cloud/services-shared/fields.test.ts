/**
 * The shared nested-member reader (`Fields`): members named by their path in errors, the service's
 * validation code, and SSM's lower-camel-case member names.
 */
import { describe, expect, it } from 'vitest';
import { SsmFields } from '../../../src/local-cloud/services/ssm/input.js';
import { Fields } from '../../../src/local-cloud/services/shared/fields.js';

function errorOf(run: () => unknown): { code?: string; message: string } | undefined {
  try {
    run();
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    return { code, message };
  }
  return undefined;
}

describe('Fields', () => {
  const body = {
    name: 'p',
    pipeline: { stages: [{ name: 'Source' }, { name: '' }, 'oops'] },
    tags: { a: 'b' },
  };
  const f = new Fields(body, { validationCode: 'InvalidInputException' });

  it('reads nested objects and lists of objects', () => {
    expect(f.requiredString('name')).toBe('p');
    const good = new Fields({ pipeline: { stages: [{ name: 'Source' }] } }, { validationCode: 'V' });
    const stages = good.requiredObject('pipeline').objectList('stages', { max: 5 });
    expect(stages?.[0]?.requiredString('name')).toBe('Source');
    expect(stages?.[0]?.path).toBe('pipeline.stages.1.member');
    expect(f.stringMap('tags')).toEqual({ a: 'b' });
    expect(f.has('name')).toBe(true);
    expect(f.has('missing')).toBe(false);
  });

  it('names members by their path, with the service code', () => {
    const stages = new Fields({ stages: [{ name: '' }] }, { validationCode: 'InvalidInputException' })
      .objectList('stages')
      ?.at(0);
    expect(errorOf(() => stages?.requiredString('name'))).toEqual({
      code: 'InvalidInputException',
      message:
        "1 validation error detected: Value '' at 'stages.1.member.name' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
    expect(errorOf(() => f.requiredObject('pipeline').objectList('stages'))).toEqual({
      code: 'SerializationException',
      message: 'pipeline.stages.3.member must be an object.',
    });
    expect(errorOf(() => f.requiredObject('pipeline').integer('stages'))?.message).toBe(
      'pipeline.stages must be an integer.',
    );
  });

  it('shows a list breaking its limits as a count, short or long', () => {
    expect(
      errorOf(() => new Fields({ l: [] }, { validationCode: 'V' }).requiredStringList('l', { min: 1 })),
    ).toEqual({
      code: 'V',
      message:
        "1 validation error detected: Value '[0 items]' at 'l' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
    expect(errorOf(() => new Fields({ l: ['a', 1] }, { validationCode: 'V' }).stringList('l'))?.message).toBe(
      'l must be a list of strings.',
    );
    expect(errorOf(() => new Fields({ m: { a: 1 } }, { validationCode: 'V' }).stringMap('m'))?.message).toBe(
      'm must be a map of strings.',
    );
  });

  it('SSM names top-level members in lower camel case, in type errors too', () => {
    const ssm = new SsmFields({ Name: 5, Names: [] });
    expect(errorOf(() => ssm.string('Name'))?.message).toBe('name must be a string.');
    expect(errorOf(() => ssm.requiredStringList('Names', { min: 1 }))?.message).toContain("at 'names'");
    expect(errorOf(() => ssm.requiredString('Type'))?.code).toBe('ValidationException');
  });
});

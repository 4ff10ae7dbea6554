/** Shared helpers for the template engine's tests. */
import { expect } from 'vitest';
import {
  evaluateConditions,
  parseTemplate,
  pseudoParameters,
  type ResolveContext,
  resolveParameters,
  type Template,
  TemplateError,
} from '../../../../src/local-cloud/cloudformation/template/index.js';

/** Parses a YAML (or JSON) template body. */
export function parse(body: string): Template {
  return parseTemplate(body);
}

/** A minimal valid template around the given YAML sections (resources default to one bucket). */
export function yamlTemplate(
  sections: string,
  resources = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n',
): string {
  return `AWSTemplateFormatVersion: '2010-09-09'\n${sections}\n${resources}`;
}

export const PSEUDO = pseudoParameters({
  accountId: '123456789012',
  region: 'eu-west-1',
  stackName: 'demo',
  stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/demo/1',
  notificationArns: ['arn:aws:sns:eu-west-1:123456789012:n'],
});

/** A resolve context for a template: parameters from `given`, conditions evaluated, resources `phys-<id>`. */
export function contextFor(
  template: Template,
  options: { given?: Record<string, string>; overrides?: Partial<ResolveContext> } = {},
): ResolveContext {
  const parameters = resolveParameters({ template, given: options.given ?? {} }).values;
  const conditions = evaluateConditions(template, { parameters, pseudo: PSEUDO });
  return {
    parameters,
    pseudo: PSEUDO,
    conditions,
    mappings: template.mappings,
    resourceIds: new Set(Object.keys(template.resources)),
    availabilityZones: (region) => [`${region}a`, `${region}b`, `${region}c`],
    ref: (id) => `phys-${id}`,
    getAtt: (id, attribute) => `${id}.${attribute}-value`,
    importValue: (name) => (name === 'shared-vpc' ? 'vpc-123' : undefined),
    ...options.overrides,
  };
}

/** Asserts that `fn` throws a TemplateError with exactly this message (and code). */
export function expectTemplateError(fn: () => unknown, message: string, code = 'ValidationError'): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected TemplateError "${message}"`).toBeInstanceOf(TemplateError);
  expect((caught as TemplateError).message).toBe(message);
  expect((caught as TemplateError).code).toBe(code);
}

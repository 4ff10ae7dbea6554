/**
 * YAML short-form intrinsic tags, rewritten to their long forms while the document is read:
 *
 *   !Ref X                 → { Ref: X }
 *   !Condition X           → { Condition: X }
 *   !GetAtt A.B.C          → { 'Fn::GetAtt': ['A', 'B.C'] }   (split at the first period)
 *   !GetAtt [A, B]         → { 'Fn::GetAtt': ['A', 'B'] }
 *   !Sub / !Join / !If …   → { 'Fn::Sub': … } and so on, whatever the node (scalar, list or map)
 *
 * The schema is YAML 1.2's core schema (so `2010-09-09` stays a string and `yes` is not a boolean) plus
 * these tags. `!Transform` is read like the others; the validator refuses it (see validate.ts).
 */
import jsYaml from 'js-yaml';
import type { TemplateValue } from './types.js';

/** Functions written `!Name` in YAML and `Fn::Name` in JSON. */
export const SHORT_FORM_FUNCTIONS = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Length',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
  'ToJsonString',
  'Transform',
] as const;

const KINDS = ['scalar', 'sequence', 'mapping'] as const;

function tag(name: string, construct: (data: TemplateValue) => TemplateValue): jsYaml.Type[] {
  return KINDS.map(
    (kind) =>
      new jsYaml.Type(`!${name}`, {
        kind,
        // An empty scalar (`!GetAZs ''` or a bare `!GetAZs`) arrives as null or ''.
        construct: (data: TemplateValue | undefined) => construct(data ?? ''),
      }),
  );
}

function getAtt(data: TemplateValue): TemplateValue {
  if (typeof data !== 'string') return { 'Fn::GetAtt': data };
  const dot = data.indexOf('.');
  return { 'Fn::GetAtt': dot < 0 ? [data] : [data.slice(0, dot), data.slice(dot + 1)] };
}

const types: jsYaml.Type[] = [
  ...tag('Ref', (data) => ({ Ref: data })),
  ...tag('Condition', (data) => ({ Condition: data })),
  ...tag('GetAtt', getAtt),
  ...SHORT_FORM_FUNCTIONS.flatMap((name) => tag(name, (data) => ({ [`Fn::${name}`]: data }))),
];

/** The js-yaml schema CloudFormation templates are read with. */
export const CLOUDFORMATION_SCHEMA = jsYaml.CORE_SCHEMA.extend(types);

/**
 * The template model shared by every part of the template engine.
 *
 * `TemplateValue` is the plain JSON a template is made of once parsed: YAML short-form tags are already
 * rewritten to their long forms (`!Ref X` is `{ Ref: 'X' }`, `!GetAtt A.B` is `{ 'Fn::GetAtt': ['A', 'B'] }`).
 * `Template` is that document split into typed sections, with the section-level shapes already checked
 * (see parse.ts); values inside properties, outputs and conditions stay as `TemplateValue` until resolved.
 */

export type TemplateValue = string | number | boolean | null | TemplateValue[] | TemplateObject;
export interface TemplateObject {
  [key: string]: TemplateValue;
}

/** One entry of the Parameters section. Scalars are kept as the strings CloudFormation turns them into. */
export interface ParameterDeclaration {
  type: string;
  default?: string;
  noEcho: boolean;
  description?: string;
  allowedValues?: string[];
  allowedPattern?: string;
  constraintDescription?: string;
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
}

/** One entry of the Resources section. */
export interface ResourceDeclaration {
  type: string;
  properties: TemplateObject;
  /** Logical IDs, always a list (a single string DependsOn is normalized). */
  dependsOn: string[];
  condition?: string;
  /** Usually a string; AWS also accepts an intrinsic (Ref of a parameter, Fn::If) here. */
  deletionPolicy?: TemplateValue;
  updateReplacePolicy?: TemplateValue;
  metadata?: TemplateValue;
  creationPolicy?: TemplateValue;
  updatePolicy?: TemplateValue;
}

/** One entry of the Outputs section. */
export interface OutputDeclaration {
  value: TemplateValue;
  description?: TemplateValue;
  condition?: string;
  /** The Export.Name value, when the output is exported. */
  exportName?: TemplateValue;
}

/** Mappings: map name → top-level key → second-level key → string or list of strings. */
export type Mappings = Record<string, Record<string, Record<string, TemplateValue>>>;

export interface Template {
  formatVersion?: string;
  description?: string;
  metadata?: TemplateObject;
  parameters: Record<string, ParameterDeclaration>;
  /** The Rules section as written (accepted; its assertions are not evaluated). */
  rules: TemplateObject;
  mappings: Mappings;
  conditions: Record<string, TemplateValue>;
  /** Names from the Transform section, in order (a string Transform is a one-element list). */
  transforms: string[];
  resources: Record<string, ResourceDeclaration>;
  outputs: Record<string, OutputDeclaration>;
  /** The whole parsed document, long-form intrinsics, as `GetTemplate` would show it processed. */
  document: TemplateObject;
}

/** What `Ref` of a parameter or pseudo parameter yields: a string, or a list for list-typed parameters. */
export type RefValue = string | string[];

/**
 * What the resolver needs to know about the stack it resolves values for. The stack engine builds one
 * context per operation and fills the resource callbacks as resources are created.
 */
import type { PseudoParameters } from './pseudo.js';
import type { Mappings, RefValue, TemplateValue } from './types.js';

/** The template block being resolved: decides how an unresolved reference is worded. */
export type TemplateBlock = 'Resources' | 'Outputs' | 'Conditions';

export interface ResolveContext {
  /** Ref values of the template's parameters (after defaults and SSM resolution, see parameters.ts). */
  parameters: Readonly<Record<string, RefValue>>;
  /** Ref values of the pseudo parameters (see pseudo.ts). */
  pseudo: PseudoParameters;
  /** Condition values (see conditions.ts). */
  conditions: Readonly<Record<string, boolean>>;
  mappings: Mappings;
  /** Logical IDs of the template's resources, created or not (tells a resource from an unknown name). */
  resourceIds: ReadonlySet<string>;
  /** AZs of a region, for Fn::GetAZs. Default: none. */
  availabilityZones?: (region: string) => readonly string[];
  /** Ref of a resource: its physical ID, or undefined when it does not exist (yet). */
  ref?: (logicalId: string) => string | undefined;
  /**
   * Fn::GetAtt of a resource: the attribute's value, or undefined when the resource does not exist (yet)
   * or has no such attribute. A provider may throw its own `TemplateError` instead (e.g. naming its type).
   */
  getAtt?: (logicalId: string, attribute: string) => TemplateValue | undefined;
  /** Fn::ImportValue: the exported value, or undefined when no stack exports that name. */
  importValue?: (exportName: string) => string | undefined;
  /** Default `Resources`. */
  block?: TemplateBlock;
}

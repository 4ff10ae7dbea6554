/**
 * Stack outputs and exports: `resolveOutputs` evaluates the Outputs section once the stack's resources
 * exist; `checkExportChanges` applies CloudFormation's export rules when a stack's exports change (names
 * unique per account and region, and an export another stack imports can be neither changed nor removed).
 */
import type { ResolveContext } from './context.js';
import { TemplateError, TemplateMessages as M } from './errors.js';
import { resolve } from './resolve.js';
import type { Template, TemplateValue } from './types.js';
import { compareStrings, isObject, scalarString } from './values.js';

export interface ResolvedOutput {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

/** Outputs whose Condition holds, in template order, with their values, descriptions and export names. */
export function resolveOutputs(template: Template, context: ResolveContext): ResolvedOutput[] {
  const outputContext: ResolveContext = { ...context, block: 'Outputs' };
  const out: ResolvedOutput[] = [];
  for (const [key, output] of Object.entries(template.outputs)) {
    if (output.condition !== undefined && !context.conditions[output.condition]) continue;
    const resolved: ResolvedOutput = {
      OutputKey: key,
      OutputValue: outputString(key, resolve(output.value, outputContext)),
    };
    if (output.description !== undefined) {
      resolved.Description = outputString(key, resolve(output.description, outputContext));
    }
    if (output.exportName !== undefined)
      resolved.ExportName = outputString(key, resolve(output.exportName, outputContext));
    out.push(resolved);
  }
  return out;
}

function outputString(key: string, value: TemplateValue | undefined): string {
  const text = scalarString(value);
  if (text === undefined || Array.isArray(value) || isObject(value))
    throw new TemplateError(M.outputNotString(key));
  return text;
}

export interface ExportChangeInput {
  /** The stack whose exports change (its name, as the messages show it). */
  stackName: string;
  /** Export name → value before the operation (empty for a new stack). */
  before: Readonly<Record<string, string>>;
  /** Export name → value after it (empty for a deletion). */
  after: Readonly<Record<string, string>>;
  /** Exports of every other stack in the account and region: export name → exporting stack name. */
  exportedByOthers: Readonly<Record<string, string>>;
  /** Export name → names of the stacks importing it. */
  importers: Readonly<Record<string, readonly string[]>>;
}

/**
 * Throws the first violation, worded as CloudFormation's: a new export name another stack already
 * exports, or an imported export that would be removed or changed.
 */
export function checkExportChanges(input: ExportChangeInput): void {
  for (const name of Object.keys(input.after).sort(compareStrings)) {
    const owner = input.exportedByOthers[name];
    if (owner !== undefined && owner !== input.stackName)
      throw new TemplateError(M.exportAlreadyExported(name, owner));
  }
  for (const name of Object.keys(input.before).sort(compareStrings)) {
    const importers = input.importers[name] ?? [];
    if (importers.length === 0) continue;
    if (!(name in input.after)) throw new TemplateError(M.exportInUseCannotDelete(name, importers));
    if (input.after[name] !== input.before[name])
      throw new TemplateError(M.exportInUseCannotUpdate(name, importers));
  }
}

/**
 * `validateTemplate`: ValidateTemplate's semantic checks on a parsed template, and its answer.
 *
 * Checked, with CloudFormation's wording: transforms (refused: the local cloud runs no macros; the
 * AWS::LanguageExtensions functions it implements natively are accepted), the shape of every intrinsic
 * call, conditions (only parameters and other conditions, no cycles, every name defined), Ref / GetAtt /
 * Sub / DependsOn naming something that exists, export names that do not depend on resources, and
 * circular dependencies between resources.
 */
import { requiredCapabilities } from './capabilities.js';
import { TemplateError, TemplateMessages as M } from './errors.js';
import { createOrder } from './graph.js';
import { isPseudoParameter } from './pseudo.js';
import { collectReferences, type References } from './references.js';
import { checkShapes } from './shapes.js';
import type { Template, TemplateValue } from './types.js';
import { compareStrings, isObject } from './values.js';

/** Transforms whose functions the engine implements itself (Fn::Length, Fn::ToJsonString, FindInMap default). */
export const NATIVE_TRANSFORMS = ['AWS::LanguageExtensions'] as const;

export interface ValidateTemplateResult {
  Parameters: Array<{ ParameterKey: string; DefaultValue?: string; NoEcho: boolean; Description?: string }>;
  Description?: string;
  Capabilities: string[];
  CapabilitiesReason?: string;
  DeclaredTransforms: string[];
}

/** Runs the checks above (throwing the first failure as a `TemplateError`) and answers as ValidateTemplate. */
export function validateTemplate(template: Template): ValidateTemplateResult {
  checkTransforms(template);
  checkConditions(template);
  checkResources(template);
  checkOutputs(template);
  createOrder(template);

  const requirement = requiredCapabilities(template);
  const result: ValidateTemplateResult = {
    Parameters: Object.entries(template.parameters).map(([key, p]) => {
      const entry: ValidateTemplateResult['Parameters'][number] = { ParameterKey: key, NoEcho: p.noEcho };
      if (p.default !== undefined) entry.DefaultValue = p.default;
      if (p.description !== undefined) entry.Description = p.description;
      return entry;
    }),
    Capabilities: requirement.capabilities,
    DeclaredTransforms: [...template.transforms],
  };
  if (template.description !== undefined) result.Description = template.description;
  if (requirement.reason !== undefined) result.CapabilitiesReason = requirement.reason;
  return result;
}

function checkTransforms(template: Template): void {
  const unsupported = template.transforms.filter(
    (name) => !(NATIVE_TRANSFORMS as readonly string[]).includes(name),
  );
  if (unsupported.length > 0) throw new TemplateError(M.transformUnsupported(unsupported));
}

function checkConditions(template: Template): void {
  const parameters = new Set(Object.keys(template.parameters));
  const unresolved = new Set<string>();
  for (const [name, expression] of Object.entries(template.conditions)) {
    checkShapes(expression, true);
    const refs = collectReferences(expression, { conditionContext: true });
    for (const ref of refs.refs) if (!parameters.has(ref) && !isPseudoParameter(ref)) unresolved.add(ref);
    for (const { resource } of refs.getAtts) unresolved.add(resource);
    checkConditionNames(template, refs, (missing) => M.conditionNotDefined(missing));
    if (!isConditionExpression(expression)) throw new TemplateError(M.conditionNotBoolean(name));
  }
  if (unresolved.size > 0)
    throw new TemplateError(M.conditionReferencesResource([...unresolved].sort(compareStrings)));
  checkConditionCycles(template);
}

function isConditionExpression(value: TemplateValue): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && ['Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Condition'].includes(keys[0]!);
}

function checkConditionCycles(template: Template): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting')
      throw new TemplateError(M.conditionCycle(stack.slice(stack.indexOf(name))));
    state.set(name, 'visiting');
    stack.push(name);
    const refs = collectReferences(template.conditions[name], { conditionContext: true });
    for (const next of [...refs.conditions].sort(compareStrings)) visit(next);
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of Object.keys(template.conditions)) visit(name);
}

/** Every condition named by Fn::If or Condition must exist. */
function checkConditionNames(template: Template, refs: References, message: (name: string) => string): void {
  for (const name of [...refs.conditions].sort(compareStrings)) {
    if (!(name in template.conditions)) throw new TemplateError(message(name));
  }
}

/** Names a value refers to that are neither parameters, pseudo parameters nor resources. */
function unknownRefs(template: Template, refs: References): string[] {
  return [...refs.refs].filter(
    (name) => !(name in template.parameters) && !(name in template.resources) && !isPseudoParameter(name),
  );
}

function checkGetAtts(template: Template, refs: References): void {
  for (const { resource } of refs.getAtts) {
    if (!(resource in template.resources)) throw new TemplateError(M.getAttUndefinedResource(resource));
  }
}

function checkResources(template: Template): void {
  const unresolved = new Set<string>();
  for (const resource of Object.values(template.resources)) {
    if (resource.condition !== undefined && !(resource.condition in template.conditions)) {
      throw new TemplateError(M.conditionNotDefined(resource.condition));
    }
    for (const value of [
      resource.properties,
      resource.metadata,
      resource.deletionPolicy,
      resource.updateReplacePolicy,
    ]) {
      if (value === undefined) continue;
      checkShapes(value);
      const refs = collectReferences(value);
      checkConditionNames(template, refs, (name) => M.ifUnknownCondition(name));
      checkGetAtts(template, refs);
      for (const name of unknownRefs(template, refs)) unresolved.add(name);
    }
    for (const name of resource.dependsOn) if (!(name in template.resources)) unresolved.add(name);
  }
  if (unresolved.size > 0)
    throw new TemplateError(M.unresolvedInResources([...unresolved].sort(compareStrings)));
}

function checkOutputs(template: Template): void {
  const unresolved = new Set<string>();
  for (const [name, output] of Object.entries(template.outputs)) {
    if (output.condition !== undefined && !(output.condition in template.conditions)) {
      throw new TemplateError(M.conditionNotDefined(output.condition));
    }
    for (const value of [output.value, output.description, output.exportName]) {
      if (value === undefined) continue;
      checkShapes(value);
      const refs = collectReferences(value);
      checkConditionNames(template, refs, (missing) => M.ifUnknownCondition(missing));
      checkGetAtts(template, refs);
      for (const missing of unknownRefs(template, refs)) unresolved.add(missing);
    }
    if (output.exportName !== undefined) checkExportName(template, name, output.exportName);
  }
  if (unresolved.size > 0)
    throw new TemplateError(M.unresolvedInOutputs([...unresolved].sort(compareStrings)));
}

function checkExportName(template: Template, output: string, exportName: TemplateValue): void {
  const refs = collectReferences(exportName);
  const usesResource = [...refs.refs].some((name) => name in template.resources) || refs.getAtts.length > 0;
  if (usesResource || refs.importsValue || refs.usesGetAZs)
    throw new TemplateError(M.exportNameDependsOnResource(output));
}

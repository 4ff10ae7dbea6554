/**
 * `evaluateConditions`: the Conditions section evaluated against parameter and pseudo parameter values.
 * A condition may use Fn::Equals / And / Or / Not, `Condition` (another condition), Ref of parameters and
 * pseudo parameters and Fn::FindInMap; a reference to a resource is an error, as on AWS.
 */
import type { ResolveContext } from './context.js';
import { TemplateError, TemplateMessages as M } from './errors.js';
import type { PseudoParameters } from './pseudo.js';
import { resolveCondition } from './resolve.js';
import type { RefValue, Template } from './types.js';

export interface ConditionInputs {
  /** Ref values of the parameters (see `resolveParameters`). */
  parameters: Readonly<Record<string, RefValue>>;
  pseudo: PseudoParameters;
}

/** Every condition's value, by name. Throws for cycles, unknown conditions and malformed expressions. */
export function evaluateConditions(template: Template, inputs: ConditionInputs): Record<string, boolean> {
  const values: Record<string, boolean> = {};
  const evaluating: string[] = [];
  const lazy: Record<string, boolean> = {};
  const context: ResolveContext = {
    parameters: inputs.parameters,
    pseudo: inputs.pseudo,
    conditions: lazy,
    mappings: template.mappings,
    resourceIds: new Set(Object.keys(template.resources)),
    block: 'Conditions',
  };
  const evaluate = (name: string): boolean => {
    if (name in values) return values[name]!;
    if (evaluating.includes(name)) {
      throw new TemplateError(M.conditionCycle(evaluating.slice(evaluating.indexOf(name))));
    }
    evaluating.push(name);
    values[name] = resolveCondition(template.conditions[name]!, context);
    evaluating.pop();
    return values[name];
  };
  for (const name of Object.keys(template.conditions)) {
    Object.defineProperty(lazy, name, { enumerable: true, get: () => evaluate(name) });
  }
  for (const name of Object.keys(template.conditions)) evaluate(name);
  return values;
}

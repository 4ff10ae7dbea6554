/**
 * A stack operation's plan: the template parsed and validated, capabilities checked, parameters
 * resolved, pseudo parameters and conditions evaluated, the dependency graph built. Pure; throws the
 * template engine's `TemplateError`s (ValidationError / InsufficientCapabilitiesException).
 */
import {
  checkCapabilities,
  type DependencyGraph,
  dependencyGraph,
  evaluateConditions,
  type ParameterInput,
  type PseudoParameters,
  parseTemplate,
  pseudoParameters,
  type ResolvedParameters,
  resolveParameters,
  type SsmParameterValue,
  type Template,
  type TemplateSource,
  validateTemplate,
} from '../template/index.js';
import type { StoredParameter } from '../state.js';

export interface Plan {
  templateBody: string;
  template: Template;
  parameters: ResolvedParameters;
  pseudo: PseudoParameters;
  conditions: Record<string, boolean>;
  graph: DependencyGraph;
}

export interface PlanInput {
  templateBody: string;
  source: TemplateSource;
  given: readonly ParameterInput[];
  previous?: Readonly<Record<string, string>>;
  capabilities: readonly string[];
  accountId: string;
  region: string;
  stackName: string;
  stackId: string;
  /** Looks up the SSM parameters of `AWS::SSM::Parameter::Value<…>` parameters (in the stack's account and region). */
  ssm?: (name: string) => SsmParameterValue | undefined;
}

export function makePlan(input: PlanInput): Plan {
  const template = parseTemplate(input.templateBody, { source: input.source });
  validateTemplate(template);
  checkCapabilities(template, input.capabilities);
  const parameters = resolveParameters({
    template,
    given: input.given,
    previous: input.previous,
    ...(input.ssm ? { ssm: input.ssm } : {}),
  });
  const pseudo = pseudoParameters({
    accountId: input.accountId,
    region: input.region,
    stackName: input.stackName,
    stackId: input.stackId,
  });
  const conditions = evaluateConditions(template, { parameters: parameters.values, pseudo });
  const graph = dependencyGraph(template, { conditions });
  return { templateBody: input.templateBody, template, parameters, pseudo, conditions, graph };
}

/** The parameters as DescribeStacks lists them (NoEcho values masked). */
export function storedParameters(plan: Plan): StoredParameter[] {
  return plan.parameters.list.map((p) => {
    const stored: StoredParameter = { ParameterKey: p.key, ParameterValue: p.noEcho ? '****' : p.value };
    if (p.resolvedValue !== undefined) stored.ResolvedValue = p.resolvedValue;
    return stored;
  });
}

/** Parameter values as given (unmasked), for UsePreviousValue and the no-change check. */
export function parameterValues(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.parameters.list.map((p) => [p.key, p.value]));
}

/**
 * `templateSummary`: GetTemplateSummary's answer for a parsed template (parameters with their type,
 * NoEcho, default and AllowedValues; resource types; required capabilities and why; declared transforms;
 * version, description and metadata). Conditions are not evaluated: every resource counts.
 */
import { requiredCapabilities } from './capabilities.js';
import type { Template } from './types.js';

export interface TemplateSummaryParameter {
  ParameterKey: string;
  DefaultValue?: string;
  ParameterType: string;
  NoEcho: boolean;
  Description?: string;
  ParameterConstraints: { AllowedValues?: string[] };
}

export interface TemplateSummary {
  Parameters: TemplateSummaryParameter[];
  Description?: string;
  Capabilities: string[];
  CapabilitiesReason?: string;
  /** Distinct resource types, in order of first appearance. */
  ResourceTypes: string[];
  Version?: string;
  /** The Metadata section as a JSON string, as the API returns it. */
  Metadata?: string;
  DeclaredTransforms: string[];
  ResourceIdentifierSummaries: Array<{ ResourceType: string; LogicalResourceIds: string[] }>;
}

/** GetTemplateSummary's answer for a parsed template. */
export function templateSummary(template: Template): TemplateSummary {
  const requirement = requiredCapabilities(template);
  const byType = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(template.resources)) {
    byType.set(resource.type, [...(byType.get(resource.type) ?? []), id]);
  }
  const summary: TemplateSummary = {
    Parameters: Object.entries(template.parameters).map(([key, p]) => {
      const entry: TemplateSummaryParameter = {
        ParameterKey: key,
        ParameterType: p.type,
        NoEcho: p.noEcho,
        ParameterConstraints: p.allowedValues ? { AllowedValues: [...p.allowedValues] } : {},
      };
      if (p.default !== undefined) entry.DefaultValue = p.default;
      if (p.description !== undefined) entry.Description = p.description;
      return entry;
    }),
    Capabilities: requirement.capabilities,
    ResourceTypes: [...byType.keys()],
    DeclaredTransforms: [...template.transforms],
    ResourceIdentifierSummaries: [...byType].map(([type, ids]) => ({
      ResourceType: type,
      LogicalResourceIds: ids,
    })),
  };
  if (template.description !== undefined) summary.Description = template.description;
  if (requirement.reason !== undefined) summary.CapabilitiesReason = requirement.reason;
  if (template.formatVersion !== undefined) summary.Version = template.formatVersion;
  if (template.metadata !== undefined) summary.Metadata = JSON.stringify(template.metadata);
  return summary;
}

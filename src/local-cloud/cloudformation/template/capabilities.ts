/**
 * Which capabilities a template needs, as CloudFormation decides them from the resource types:
 * CAPABILITY_IAM for IAM resources, CAPABILITY_NAMED_IAM when one of them has a custom name, and
 * CAPABILITY_AUTO_EXPAND when the template declares transforms (macros).
 */
import { TemplateError, TemplateMessages as M } from './errors.js';
import type { Template } from './types.js';
import { compareStrings } from './values.js';

export type Capability = 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | 'CAPABILITY_AUTO_EXPAND';

/** The IAM resource types AWS documents as requiring CAPABILITY_IAM, with the property that names them. */
const IAM_TYPES: Readonly<Record<string, string | undefined>> = {
  'AWS::IAM::AccessKey': undefined,
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::GroupPolicy': undefined,
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Policy': undefined,
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::RolePolicy': undefined,
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::UserPolicy': undefined,
  'AWS::IAM::UserToGroupAddition': undefined,
};

export interface CapabilityRequirement {
  /** Empty when the template needs none. */
  capabilities: Capability[];
  /** CloudFormation's CapabilitiesReason, when a capability is needed for IAM resources. */
  reason?: string;
}

/** The capabilities a template requires (every resource counts, whatever its Condition). */
export function requiredCapabilities(template: Template): CapabilityRequirement {
  const types = new Set<string>();
  let named = false;
  for (const resource of Object.values(template.resources)) {
    if (!(resource.type in IAM_TYPES)) continue;
    types.add(resource.type);
    const nameProperty = IAM_TYPES[resource.type];
    if (nameProperty !== undefined && resource.properties[nameProperty] !== undefined) named = true;
  }
  const capabilities: Capability[] = [];
  if (types.size > 0) capabilities.push(named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM');
  if (template.transforms.length > 0) capabilities.push('CAPABILITY_AUTO_EXPAND');
  const requirement: CapabilityRequirement = { capabilities };
  if (types.size > 0) requirement.reason = M.capabilitiesReason([...types].sort(compareStrings));
  return requirement;
}

/**
 * Throws InsufficientCapabilitiesException ("Requires capabilities : [...]") unless `granted` covers what
 * the template needs. CAPABILITY_NAMED_IAM also covers unnamed IAM resources.
 */
export function checkCapabilities(template: Template, granted: readonly string[]): void {
  const missing = requiredCapabilities(template).capabilities.filter((needed) => {
    if (needed === 'CAPABILITY_IAM')
      return !granted.includes('CAPABILITY_IAM') && !granted.includes('CAPABILITY_NAMED_IAM');
    return !granted.includes(needed);
  });
  if (missing.length > 0) {
    throw new TemplateError(M.requiresCapabilities(missing), { code: 'InsufficientCapabilitiesException' });
  }
}

/**
 * `resolveResource`: one resource's declaration with every intrinsic in its properties and policies
 * evaluated, ready for a resource provider. Called by the stack engine once the resource's dependencies
 * exist (the context's `ref` / `getAtt` callbacks answer for them).
 */
import type { ResolveContext } from './context.js';
import { resolve } from './resolve.js';
import type { Template, TemplateObject, TemplateValue } from './types.js';
import { isObject, scalarString } from './values.js';

export interface ResolvedResource {
  logicalId: string;
  type: string;
  /** Properties with intrinsics evaluated and AWS::NoValue removed. */
  properties: TemplateObject;
  /** Default `Delete` (CloudFormation's default for most types). */
  deletionPolicy: string;
  /** Default `Delete`. */
  updateReplacePolicy: string;
  metadata?: TemplateValue;
}

/**
 * Resolves one resource of the template; `context.ref` / `getAtt` must answer for its dependencies.
 * Throws a `TemplateError` as `resolve` does; a plain Error for a logical ID the template lacks (a bug).
 */
export function resolveResource(
  template: Template,
  logicalId: string,
  context: ResolveContext,
): ResolvedResource {
  const declaration = template.resources[logicalId];
  if (!declaration) throw new Error(`resolveResource: no resource ${logicalId} in the template`);
  const resourceContext: ResolveContext = { ...context, block: 'Resources' };
  const properties = resolve(declaration.properties, resourceContext);
  const policy = (value: TemplateValue | undefined): string =>
    (value === undefined ? undefined : scalarString(resolve(value, resourceContext))) ?? 'Delete';
  const resolved: ResolvedResource = {
    logicalId,
    type: declaration.type,
    properties: isObject(properties) ? properties : {},
    deletionPolicy: policy(declaration.deletionPolicy),
    updateReplacePolicy: policy(declaration.updateReplacePolicy),
  };
  if (declaration.metadata !== undefined) {
    const metadata = resolve(declaration.metadata, resourceContext);
    if (metadata !== undefined) resolved.metadata = metadata;
  }
  return resolved;
}

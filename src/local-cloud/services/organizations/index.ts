/**
 * AWS Organizations (JSON 1.1, target prefix AWSOrganizationsV20161128), read-only: the organization is
 * fixed when the cloud starts (org.yaml or the default). Member accounts may describe the organization;
 * everything else is for the management account, as on AWS.
 */
import type { OrganizationModel } from '../../core/organization.js';
import { AwsError, type JsonHandler, type RequestContext, type ServiceRegistry } from '../../http/index.js';
import type { ServiceDeps } from '../deps.js';
import { ID_PATTERNS, paginate, stringField } from './input.js';
import { accountShape, organizationShape, rootShape, tagList, unitShape } from './shapes.js';

const PREFIX = 'AWSOrganizationsV20161128';

const notFound = (code: string, message: string) => new AwsError(code, message, { status: 400 });

export function registerOrganizations(
  registry: ServiceRegistry,
  deps: ServiceDeps,
  options: { organization: OrganizationModel },
): void {
  const org = options.organization;
  const accountsById = new Map(org.accounts.map((a) => [a.id, a]));
  const unitsById = new Map(org.organizationalUnits.map((u) => [u.id, u]));
  const arnOf = (id: string) =>
    id === org.rootId ? org.rootArn : (accountsById.get(id)?.arn ?? unitsById.get(id)?.arn ?? '*');

  /** Member accounts get AccessDeniedException; the management account's principals are authorized. */
  const authorize = (ctx: RequestContext, action: string, resource: string, managementOnly = true) => {
    const principal = deps.callerOf(ctx);
    if (!principal || (managementOnly && principal.accountId !== org.managementAccountId)) {
      throw new AwsError('AccessDeniedException', "You don't have permissions to access this resource.", {
        status: 400,
      });
    }
    deps.authorize(ctx, { action, resource, resourceAccount: principal.accountId });
  };
  const parentOf = (body: Readonly<Record<string, unknown>>) => {
    const id = stringField(body, 'ParentId', ID_PATTERNS.parent);
    if (id !== org.rootId && !unitsById.has(id)) {
      throw notFound(
        'ParentNotFoundException',
        "We can't find a root or OU with the ParentId that you specified.",
      );
    }
    return id;
  };
  const on = (operation: string, handler: JsonHandler) =>
    registry.json('organizations', `${PREFIX}.${operation}`, handler);

  on('DescribeOrganization', (_input, ctx) => {
    authorize(ctx, 'organizations:DescribeOrganization', '*', false);
    return { Organization: organizationShape(org) };
  });

  on('ListAccounts', ({ body }, ctx) => {
    authorize(ctx, 'organizations:ListAccounts', '*');
    const page = paginate(org.accounts, body, 'ListAccounts');
    return { Accounts: page.items.map((a) => accountShape(org, a)), NextToken: page.NextToken };
  });

  on('DescribeAccount', ({ body }, ctx) => {
    const id = stringField(body, 'AccountId', ID_PATTERNS.account);
    authorize(ctx, 'organizations:DescribeAccount', arnOf(id));
    const account = accountsById.get(id);
    if (!account) throw notFound('AccountNotFoundException', "You specified an account that doesn't exist.");
    return { Account: accountShape(org, account) };
  });

  on('ListRoots', ({ body }, ctx) => {
    authorize(ctx, 'organizations:ListRoots', '*');
    const page = paginate([org], body, 'ListRoots');
    return { Roots: page.items.map(rootShape), NextToken: page.NextToken };
  });

  on('ListOrganizationalUnitsForParent', ({ body }, ctx) => {
    const parentId = parentOf(body);
    authorize(ctx, 'organizations:ListOrganizationalUnitsForParent', arnOf(parentId));
    const units = org.organizationalUnits.filter((u) => u.parentId === parentId);
    const page = paginate(units, body, `ListOrganizationalUnitsForParent:${parentId}`);
    return { OrganizationalUnits: page.items.map(unitShape), NextToken: page.NextToken };
  });

  on('ListAccountsForParent', ({ body }, ctx) => {
    const parentId = parentOf(body);
    authorize(ctx, 'organizations:ListAccountsForParent', arnOf(parentId));
    const accounts = org.accounts.filter((a) => a.parentId === parentId);
    const page = paginate(accounts, body, `ListAccountsForParent:${parentId}`);
    return { Accounts: page.items.map((a) => accountShape(org, a)), NextToken: page.NextToken };
  });

  on('ListChildren', ({ body }, ctx) => {
    const parentId = parentOf(body);
    const childType = stringField(body, 'ChildType');
    if (childType !== 'ACCOUNT' && childType !== 'ORGANIZATIONAL_UNIT') {
      throw new AwsError('InvalidInputException', 'You specified an invalid value for ChildType.', {
        status: 400,
        fields: { Reason: 'INVALID_ENUM' },
      });
    }
    authorize(ctx, 'organizations:ListChildren', arnOf(parentId));
    const children = (childType === 'ACCOUNT' ? org.accounts : org.organizationalUnits)
      .filter((c) => c.parentId === parentId)
      .map((c) => c.id);
    const page = paginate(children, body, `ListChildren:${parentId}:${childType}`);
    return { Children: page.items.map((id) => ({ Id: id, Type: childType })), NextToken: page.NextToken };
  });

  on('ListParents', ({ body }, ctx) => {
    const childId = stringField(body, 'ChildId', ID_PATTERNS.child);
    authorize(ctx, 'organizations:ListParents', arnOf(childId));
    const parentId = accountsById.get(childId)?.parentId ?? unitsById.get(childId)?.parentId;
    if (!parentId) {
      throw notFound(
        'ChildNotFoundException',
        "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
      );
    }
    const page = paginate([parentId], body, `ListParents:${childId}`);
    return {
      Parents: page.items.map((id) => ({ Id: id, Type: id === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' })),
      NextToken: page.NextToken,
    };
  });

  on('ListTagsForResource', ({ body }, ctx) => {
    const resourceId = stringField(body, 'ResourceId', ID_PATTERNS.taggable);
    authorize(ctx, 'organizations:ListTagsForResource', arnOf(resourceId));
    const tags =
      resourceId === org.rootId
        ? {}
        : (accountsById.get(resourceId)?.tags ?? unitsById.get(resourceId)?.tags);
    if (!tags) {
      throw notFound(
        'TargetNotFoundException',
        "We can't find a root, OU, account, or policy with the TargetId that you specified.",
      );
    }
    const page = paginate(tagList(tags), body, `ListTagsForResource:${resourceId}`);
    return { Tags: page.items, NextToken: page.NextToken };
  });
}

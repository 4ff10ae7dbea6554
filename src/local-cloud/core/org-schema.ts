/**
 * The schema of `org.yaml`, the file that describes the local cloud's organization:
 *
 *   managementAccount: management        # optional: the first account listed under the root
 *   accounts:                            # accounts directly under the root
 *     - name: management
 *       id: '111111111111'               # optional: derived from the name when absent
 *       email: admin@example.com         # optional
 *       tags: { team: platform }
 *   organizationalUnits:                 # the OU tree, nested
 *     - name: workloads
 *       tags: { owner: platform }
 *       accounts: [ { name: app-dev } ]
 *       organizationalUnits:
 *         - name: prod
 *           accounts: [ { name: app-prod, tags: { environment: prod } } ]
 */
import { z } from 'zod';
import { accountIdFromName } from './ids.js';

export interface AccountSpec {
  name: string;
  id?: string;
  email?: string;
  tags?: Record<string, string>;
}

export interface OrganizationalUnitSpec {
  name: string;
  tags?: Record<string, string>;
  accounts?: AccountSpec[];
  organizationalUnits?: OrganizationalUnitSpec[];
}

export interface OrganizationSpec {
  managementAccount?: string;
  accounts?: AccountSpec[];
  organizationalUnits?: OrganizationalUnitSpec[];
}

/** Most tags a resource may carry (AWS Organizations). */
export const MAX_TAGS = 50;

const tags = z
  .record(
    z.string().min(1, 'a tag key must not be empty').max(128, 'a tag key has at most 128 characters'),
    z.string().max(256, 'a tag value has at most 256 characters'),
  )
  .refine((t) => Object.keys(t).length <= MAX_TAGS, `at most ${MAX_TAGS} tags`);

const accountName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/,
    'an account name is 1-50 letters, digits, ".", "_" or "-", starting with a letter or digit',
  )
  .refine((name) => !/^\d{12}$/.test(name), 'an account name must not look like an account ID');

const accountId = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .pipe(z.string().regex(/^\d{12}$/, 'an account ID is exactly 12 digits (quote it: id: "012345678901")'));

const account: z.ZodType<AccountSpec> = z.strictObject({
  name: accountName,
  id: accountId.optional(),
  email: z
    .string()
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'not an email address')
    .optional(),
  tags: tags.optional(),
}) as z.ZodType<AccountSpec>;

const organizationalUnit: z.ZodType<OrganizationalUnitSpec> = z.lazy(() =>
  z.strictObject({
    name: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,127}$/,
        'an OU name is 1-128 letters, digits, spaces, ".", "_" or "-"',
      ),
    tags: tags.optional(),
    accounts: z.array(account).optional(),
    organizationalUnits: z.array(organizationalUnit).optional(),
  }),
);

interface Seen {
  names: Map<string, (string | number)[]>;
  ids: Map<string, (string | number)[]>;
}

function pathText(path: (string | number)[]): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

type IssueSink = (message: string, path: (string | number)[]) => void;

function checkAccounts(
  list: AccountSpec[] | undefined,
  at: (string | number)[],
  seen: Seen,
  issue: IssueSink,
) {
  for (const [i, a] of (list ?? []).entries()) {
    const path = [...at, 'accounts', i];
    const name = a.name.toLowerCase();
    const other = seen.names.get(name);
    if (other)
      issue(`account name "${a.name}" is used twice (also at ${pathText(other)})`, [...path, 'name']);
    else seen.names.set(name, path);
    const id = a.id ?? accountIdFromName(a.name);
    const twin = seen.ids.get(id);
    if (twin) issue(`account ID ${id} is used twice (also at ${pathText(twin)})`, [...path, 'id']);
    else seen.ids.set(id, path);
  }
}

function checkUnits(
  list: OrganizationalUnitSpec[] | undefined,
  at: (string | number)[],
  seen: Seen,
  issue: IssueSink,
) {
  const siblings = new Set<string>();
  for (const [i, ou] of (list ?? []).entries()) {
    const path = [...at, 'organizationalUnits', i];
    if (siblings.has(ou.name.toLowerCase())) {
      issue(`OU "${ou.name}" appears twice under the same parent`, [...path, 'name']);
    }
    siblings.add(ou.name.toLowerCase());
    checkAccounts(ou.accounts, path, seen, issue);
    checkUnits(ou.organizationalUnits, path, seen, issue);
  }
}

export const organizationSchema: z.ZodType<OrganizationSpec> = z
  .strictObject({
    managementAccount: z.string().optional(),
    accounts: z.array(account).optional(),
    organizationalUnits: z.array(organizationalUnit).optional(),
  })
  .superRefine((spec, ctx) => {
    const seen: Seen = { names: new Map(), ids: new Map() };
    const issue: IssueSink = (message, path) => ctx.addIssue({ code: 'custom', message, path });
    checkAccounts(spec.accounts, [], seen, issue);
    checkUnits(spec.organizationalUnits, [], seen, issue);
    if (seen.names.size === 0) issue('the organization has no accounts', ['accounts']);
    if (spec.managementAccount !== undefined && !seen.names.has(spec.managementAccount.toLowerCase())) {
      issue(`managementAccount "${spec.managementAccount}" is not one of the accounts`, [
        'managementAccount',
      ]);
    }
    if (spec.managementAccount === undefined && (spec.accounts ?? []).length === 0 && seen.names.size > 0) {
      issue('name the management account (managementAccount: <name>) or list it under accounts', [
        'managementAccount',
      ]);
    }
  }) as z.ZodType<OrganizationSpec>;

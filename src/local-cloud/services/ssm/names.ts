/**
 * Parameter names, paths and ARNs, as Parameter Store reads them.
 *
 *  - A name is one segment (`db-url`) or a path of segments (`/app/prod/db-url`); a segment uses
 *    letters, digits, `_`, `.` and `-`. A path must begin with `/`; a one-segment name given with a
 *    leading slash (`/db-url`) is the same parameter as `db-url` (AWS drops the slash).
 *  - At most 15 levels; leading and trailing spaces are dropped.
 *  - New names may not begin with `aws` or `ssm` (any case), and may use 1011 characters counting the
 *    ARN before them (`arn:aws:ssm:<region>:<account>:parameter/`).
 *  - Reads also take an ARN and a `:version` or `:label` selector.
 */
import { SsmErrors } from './errors.js';

export interface Where {
  accountId: string;
  region: string;
}

export const MAX_HIERARCHY_LEVELS = 15;
/** The API's length limit on Name (it counts 1037 characters AWS reserves). */
export const MAX_NAME_MEMBER_LENGTH = 2048;
/** The longest ARN a new parameter may have. */
export const MAX_NAME_WITH_ARN = 1011;

const SEGMENT = /^[a-zA-Z0-9_.-]+$/;
const ARN = /^arn:aws[a-z-]*:ssm:([a-z0-9-]+):(\d{12}):parameter\/(.+)$/;

/** `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>` */
export function parameterArn(where: Where, name: string): string {
  return `arn:aws:ssm:${where.region}:${where.accountId}:parameter/${name.replace(/^\//, '')}`;
}

/** The resource GetParametersByPath is authorized against: the path's ARN (`…:parameter/` for `/`). */
export function pathArn(where: Where, path: string): string {
  return `arn:aws:ssm:${where.region}:${where.accountId}:parameter${path === '/' ? '/' : path}`;
}

/** The name Parameter Store keeps a parameter under; throws ValidationException for a malformed one. */
export function canonicalName(raw: string): string {
  const name = raw.trim();
  if (!name.includes('/')) {
    if (!SEGMENT.test(name)) throw SsmErrors.invalidName();
    return name;
  }
  if (!name.startsWith('/')) throw SsmErrors.invalidName();
  const segments = name.slice(1).split('/');
  if (segments.some((segment) => !SEGMENT.test(segment))) throw SsmErrors.invalidName();
  if (segments.length > MAX_HIERARCHY_LEVELS) throw SsmErrors.hierarchyTooDeep();
  return segments.length === 1 ? segments[0]! : name;
}

/** The checks PutParameter adds for a new name: reserved prefixes and the length with the ARN. */
export function checkNewName(where: Where, name: string): void {
  const first = name.replace(/^\//, '').toLowerCase();
  const isPath = name.startsWith('/');
  if (first.startsWith('aws')) throw isPath ? SsmErrors.reservedPath(name) : SsmErrors.reservedPrefix();
  if (first.startsWith('ssm')) throw isPath ? SsmErrors.invalidName() : SsmErrors.reservedPrefix();
  if (parameterArn(where, name).length > MAX_NAME_WITH_ARN) throw SsmErrors.nameTooLong(MAX_NAME_WITH_ARN);
}

export type Selector = { kind: 'version'; version: number; text: string } | { kind: 'label'; label: string };

export interface ParameterReference {
  /** Where the parameter lives (an ARN may name another account or region). */
  where: Where;
  name: string;
  selector?: Selector;
}

function parseSelector(text: string): Selector {
  if (text === '') throw SsmErrors.invalidName();
  if (/^\d+$/.test(text)) return { kind: 'version', version: Number(text), text };
  return { kind: 'label', label: text };
}

/** A parameter as reads name it: a name or an ARN, optionally with `:version` or `:label`. */
export function parseReference(
  raw: string,
  where: Where,
  options: { selector: boolean },
): ParameterReference {
  const text = raw.trim();
  let owner = where;
  let rest = text;
  const arn = ARN.exec(text);
  if (arn) {
    owner = { region: arn[1]!, accountId: arn[2]! };
    const resource = arn[3]!;
    rest = resource.split(':')[0]!.includes('/') ? `/${resource}` : resource;
  } else if (text.startsWith('arn:')) {
    throw SsmErrors.invalidName();
  }
  const parts = rest.split(':');
  if (parts.length > 2 || (parts.length === 2 && !options.selector)) throw SsmErrors.invalidName();
  const name = canonicalName(parts[0]!);
  return parts.length === 2
    ? { where: owner, name, selector: parseSelector(parts[1]!) }
    : { where: owner, name };
}

/** A hierarchy path as GetParametersByPath and Path filters take it: `/` or `/a/b` (a trailing `/` is dropped). */
export function canonicalPath(raw: string): string {
  const path = raw.trim();
  if (!path.startsWith('/')) throw SsmErrors.invalidPath();
  if (path === '/') return path;
  const segments = path.slice(1).replace(/\/$/, '').split('/');
  if (segments.some((segment) => !SEGMENT.test(segment))) throw SsmErrors.invalidPath();
  if (segments.length > MAX_HIERARCHY_LEVELS) throw SsmErrors.hierarchyTooDeep();
  return `/${segments.join('/')}`;
}

/** Whether a (canonical) name is directly under a path, or anywhere beneath it when `recursive`. */
export function isUnder(name: string, path: string, recursive: boolean): boolean {
  if (path === '/') return recursive || !name.includes('/');
  if (!name.startsWith(`${path}/`)) return false;
  return recursive || !name.slice(path.length + 1).includes('/');
}

/**
 * Reads `org.yaml` (or an already parsed object) into a validated OrganizationSpec. Every problem names
 * the file, the line and column, the path inside the document and how to fix it.
 */
import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { LocalCloudError } from '../http/errors.js';
import { type OrganizationSpec, organizationSchema } from './org-schema.js';

const HINT =
  'Fix the organization file: accounts take name, id (12 digits, quoted), email and tags; ' +
  'organizationalUnits take name, tags, accounts and organizationalUnits (see docs/local-cloud.md).';

type Locate = (path: readonly PropertyKey[]) => string | undefined;

function describePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
  return out || '(top level)';
}

function invalid(file: string, issues: readonly z.core.$ZodIssue[], locate: Locate): LocalCloudError {
  const lines = issues.map((issue) => {
    const where = locate(issue.path) ?? file;
    return `${where}: ${describePath(issue.path)}: ${issue.message}`;
  });
  return new LocalCloudError('LocalCloudOrgInvalid', `Invalid organization file:\n${lines.join('\n')}`, {
    hint: HINT,
  });
}

/** Validates an organization given as an object (`file` labels it in messages). */
export function parseOrganizationSpec(value: unknown, file = 'org option'): OrganizationSpec {
  const result = organizationSchema.safeParse(value);
  if (!result.success) throw invalid(file, result.error.issues, () => undefined);
  return result.data;
}

/** Parses and validates the text of an organization file. */
export function parseOrganizationYaml(text: string, file: string): OrganizationSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lines.linePos(firstError.pos[0]);
    throw new LocalCloudError(
      'LocalCloudOrgInvalid',
      `${file}:${pos.line}:${pos.col}: invalid YAML: ${firstError.message.split('\n')[0]}`,
      { hint: 'Check indentation, colons and quoting at this position.' },
    );
  }
  const locate: Locate = (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) {
        const pos = lines.linePos(node.range[0]);
        return `${file}:${pos.line}:${pos.col}`;
      }
    }
    return undefined;
  };
  const result = organizationSchema.safeParse(doc.toJS() ?? {});
  if (!result.success) throw invalid(file, result.error.issues, locate);
  return result.data;
}

/** Reads and validates an organization file. */
export async function loadOrganizationFile(file: string): Promise<OrganizationSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new LocalCloudError('LocalCloudOrgUnreadable', `Cannot read the organization file ${file}.`, {
      hint: 'Pass the path of an existing org.yaml, or leave the option out to use the default organization.',
      cause: err,
    });
  }
  return parseOrganizationYaml(text, file);
}

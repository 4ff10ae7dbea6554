/**
 * Which file holds a function's handler, and does it export what Lambda will call.
 * Pure: takes file names and source text.
 */
import type { PackagingKind } from './types.js';
import type { RuntimeFamily } from './runtimes.js';

export interface HandlerCandidate {
  file: string;
  family: RuntimeFamily;
  packaging: PackagingKind;
}

/** The files discovery looks for, in order of preference. */
export const HandlerCandidates: readonly HandlerCandidate[] = [
  { file: 'index.mjs', family: 'nodejs', packaging: 'node' },
  { file: 'index.js', family: 'nodejs', packaging: 'node' },
  { file: 'index.cjs', family: 'nodejs', packaging: 'node' },
  { file: 'index.ts', family: 'nodejs', packaging: 'node-bundle' },
  { file: 'handler.ts', family: 'nodejs', packaging: 'node-bundle' },
  { file: 'lambda_function.py', family: 'python', packaging: 'python' },
  { file: 'app.py', family: 'python', packaging: 'python' },
  { file: 'handler.py', family: 'python', packaging: 'python' },
];

export const candidateList = (): string => HandlerCandidates.map((c) => c.file).join(', ');

/** Source files a node handler module name may resolve to, in Lambda's order. */
export const NodeModuleExtensions = ['.mjs', '.js', '.cjs', '.ts'] as const;

/** Is `name` exported by this JavaScript/TypeScript source? Undefined when it cannot be told statically. */
export function exportsFunction(source: string, name: string, isModule: boolean): boolean | undefined {
  const n = escapeRegExp(name);
  const esm = [
    new RegExp(`export\\s+(async\\s+)?function\\s*\\*?\\s*${n}\\b`),
    new RegExp(`export\\s+(const|let|var)\\s+${n}\\b`),
    new RegExp(`export\\s*\\{[^}]*\\b(as\\s+)?${n}\\b[^}]*\\}`),
  ];
  if (esm.some((re) => re.test(source))) return true;
  const cjs = [
    new RegExp(`(module\\.)?exports\\.${n}\\s*=`),
    new RegExp(`module\\.exports\\s*=\\s*\\{[^}]*\\b${n}\\b`),
    new RegExp(`exports\\[\\s*['"]${n}['"]\\s*\\]\\s*=`),
  ];
  if (cjs.some((re) => re.test(source))) return true;
  // Re-exports and computed module.exports cannot be followed without running the code.
  if (/export\s*\*\s*from/.test(source) || /module\.exports\s*=\s*(?!\{)/.test(source)) return undefined;
  if (!isModule && /require\s*\(/.test(source) && /module\.exports/.test(source)) return undefined;
  return false;
}

/** Does this Python source define a top-level function `name`? */
export function definesPythonFunction(source: string, name: string): boolean {
  return (
    new RegExp(`^(async\\s+)?def\\s+${escapeRegExp(name)}\\s*\\(`, 'm').test(source) ||
    new RegExp(`^${escapeRegExp(name)}\\s*=`, 'm').test(source)
  );
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

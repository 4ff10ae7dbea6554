/**
 * What never goes into a function's zip (pure decisions on names).
 *
 * Left out everywhere: dotfiles and dot-directories, tests (`*.test.*`,
 * `*_test.py`, `test_*.py`, directories `test`, `tests`, `__tests__`),
 * `__pycache__` and `*.pyc`. Left out at the function's top level only:
 * `function.yaml` / `function.yml` (fleetpipe's own configuration).
 */

const TEST_DIRS = new Set(['test', 'tests', '__tests__']);
const CONFIG_FILES = new Set(['function.yaml', 'function.yml']);

export interface ExcludeQuery {
  /** The file or directory name (one path segment). */
  name: string;
  isDirectory: boolean;
  /** True for entries directly inside the function directory. */
  atTop: boolean;
}

export function isExcluded({ name, isDirectory, atTop }: ExcludeQuery): boolean {
  if (name.startsWith('.')) return true;
  if (isDirectory) return TEST_DIRS.has(name) || name === '__pycache__';
  if (atTop && CONFIG_FILES.has(name)) return true;
  return isTestFile(name) || name.endsWith('.pyc');
}

/** `x.test.ts`, `x.test.mjs`, `x_test.py`, `test_x.py`. */
export function isTestFile(name: string): boolean {
  if (name.includes('.test.')) return true;
  return name.endsWith('.py') && (name.endsWith('_test.py') || name.startsWith('test_'));
}

import type { Output } from '../../src/cli/render.js';

/** Captures what the CLI prints. */
export function captureOutput(): Output & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (t) => out.push(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => err.push(t.endsWith('\n') ? t : `${t}\n`),
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

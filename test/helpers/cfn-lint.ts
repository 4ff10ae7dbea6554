/** Runs cfn-lint (1.x, on PATH) over templates and returns what it found. */
import { execFile } from 'node:child_process';

export interface LintMatch {
  Filename: string;
  Level: 'Error' | 'Warning' | 'Informational';
  Message: string;
  Rule: { Id: string };
  Location: { Start: { LineNumber: number } };
}

/** Processes to spread the files over (cfn-lint is single-threaded; ~20 s for 500 templates alone). */
const LintProcesses = 2;

export function lint(files: string[]): Promise<LintMatch[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'cfn-lint',
      ['--format', 'json', '--', ...files],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // cfn-lint exits non-zero when it finds something; its JSON report is still on stdout.
        if (stdout.trim().startsWith('[')) resolve(JSON.parse(stdout) as LintMatch[]);
        else reject(new Error(`cfn-lint did not report: ${error?.message ?? ''}\n${stderr}`));
      },
    );
  });
}

export async function lintAll(files: string[]): Promise<LintMatch[]> {
  const batches = Array.from({ length: LintProcesses }, (_, i) =>
    files.filter((_, j) => j % LintProcesses === i),
  );
  return (await Promise.all(batches.filter((b) => b.length > 0).map(lint))).flat();
}

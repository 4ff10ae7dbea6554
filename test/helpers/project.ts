/** Builds throwaway fleetpipe projects in temp directories. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

export type FileTree = Record<string, string | Buffer>;

const made: string[] = [];

/** Removes every project made by `makeProject` after each test of the calling file. */
export function cleanupProjects(): void {
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
}

export function makeProject(files: FileTree): string {
  const root = mkdtempSync(path.join(tmpdir(), 'fleetpipe-test-'));
  made.push(root);
  writeTree(root, files);
  return root;
}

export function writeTree(root: string, files: FileTree): void {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

export const handlerJs = 'export const handler = async (event) => ({ ok: true, event });\n';
export const handlerPy = 'def lambda_handler(event, context):\n    return {"ok": True}\n';

/**
 * Temporary project trees for packaging tests.
 */
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type TreeNode = string | { content: string; mode: number } | { symlink: string };

/** Writes `files` (path → content, or a mode, or a symlink target) under `root`. */
export async function writeTree(root: string, files: Record<string, TreeNode>): Promise<void> {
  for (const [path, node] of Object.entries(files)) {
    const abs = join(root, ...path.split('/'));
    await mkdir(dirname(abs), { recursive: true });
    if (typeof node === 'string') {
      await writeFile(abs, node);
    } else if ('symlink' in node) {
      await symlink(node.symlink, abs);
    } else {
      await writeFile(abs, node.content);
      await chmod(abs, node.mode);
    }
  }
}

export interface TempProject {
  root: string;
  /** Absolute path of `functions/<name>`. */
  fn(name: string): string;
  cleanup(): Promise<void>;
}

export async function tempProject(prefix = 'fleetpipe-pkg-'): Promise<TempProject> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  return {
    root,
    fn: (name) => join(root, 'functions', name),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

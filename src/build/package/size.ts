/**
 * Lambda's package size limits, checked from file sizes alone (pure).
 */
import { FleetpipeError } from '../../errors.js';
import { LambdaLimits } from '../../limits.js';

export interface PackageLimits {
  /** Unzipped size of the package; a hard error above it. */
  maxUnzippedBytes: number;
  /** Zipped size above which a warning is reported (the direct-upload limit; fleetpipe deploys via S3). */
  warnZippedBytes: number;
}

export const defaultPackageLimits: PackageLimits = {
  maxUnzippedBytes: LambdaLimits.maxUnzippedBytes,
  warnZippedBytes: LambdaLimits.maxZippedBytesDirect,
};

export interface SizedFile {
  zipPath: string;
  size: number;
}

export interface SizeCheck {
  /** The function directory relative to the project root. */
  relDir: string;
  files: readonly SizedFile[];
  maxUnzippedBytes: number;
}

/** `PackageTooLarge` when one file or the whole package passes the unzipped limit. */
export function checkUnzippedSize({
  relDir,
  files,
  maxUnzippedBytes,
}: SizeCheck): FleetpipeError | undefined {
  const limit = formatBytes(maxUnzippedBytes);
  const biggestFile = largest(
    files.map((f) => ({ name: f.zipPath, size: f.size })),
    1,
  )[0];
  if (biggestFile && biggestFile.size > maxUnzippedBytes) {
    return new FleetpipeError(
      'PackageTooLarge',
      `${relDir}/${biggestFile.name} is ${formatBytes(biggestFile.size)}, alone over Lambda's ` +
        `${limit} limit for an unzipped package`,
      {
        file: `${relDir}/${biggestFile.name}`,
        hint: 'Keep large data out of the function: read it from S3 at run time, or use a container image.',
      },
    );
  }
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total <= maxUnzippedBytes) return undefined;
  const top = largest(sizeByPart(files), 5)
    .map((p) => `${p.name} (${formatBytes(p.size)})`)
    .join(', ');
  return new FleetpipeError(
    'PackageTooLarge',
    `${relDir} is ${formatBytes(total)} unzipped, over Lambda's limit of ${limit}`,
    {
      file: relDir,
      hint:
        `The largest parts are: ${top}. Remove what the function does not need at run time ` +
        '(dev dependencies, data files), move data to S3, or use a container image.',
    },
  );
}

/** Sizes per top-level entry, and per package inside node_modules. */
export function sizeByPart(files: readonly SizedFile[]): Array<{ name: string; size: number }> {
  const sizes = new Map<string, number>();
  for (const file of files) {
    const part = partOf(file.zipPath);
    sizes.set(part, (sizes.get(part) ?? 0) + file.size);
  }
  return [...sizes].map(([name, size]) => ({ name, size }));
}

function partOf(zipPath: string): string {
  const segments = zipPath.split('/');
  if (segments.length === 1) return zipPath;
  if (segments[0] === 'node_modules' && segments.length > 2) {
    const depth = segments[1]!.startsWith('@') && segments.length > 3 ? 3 : 2;
    return `${segments.slice(0, depth).join('/')}/`;
  }
  return `${segments[0]}/`;
}

function largest<T extends { name: string; size: number }>(items: T[], count: number): T[] {
  return [...items]
    .sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, count);
}

/** `12.3 MB` (MiB, as the Lambda console counts), `4.0 KB`, `17 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

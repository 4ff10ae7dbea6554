/**
 * Which language a runtime name runs in. Any `nodejsN.x` runs on the local `node`, any `python3.N` on the
 * local `python3`; other runtimes (java, dotnet, ruby, provided) cannot run in the local cloud.
 */
import { AwsError } from '../../../http/index.js';

export type RuntimeFamily = 'nodejs' | 'python';

export function runtimeFamilyOf(runtime: string): RuntimeFamily | undefined {
  if (/^nodejs\d+\.x$/.test(runtime)) return 'nodejs';
  if (/^python3\.\d+$/.test(runtime)) return 'python';
  return undefined;
}

/** The Node.js major version of a `nodejsN.x` runtime (0 for anything else). */
export function nodeMajorOf(runtime: string): number {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match ? Number(match[1]) : 0;
}

/** Lambda's answer when a function's runtime cannot be run (here: not Node.js or Python). */
export function unsupportedRuntimeError(runtime: string): AwsError {
  return new AwsError(
    'InvalidRuntimeException',
    `The runtime parameter of ${runtime} is not supported by the local cloud, which runs nodejs*.x and ` +
      'python3.* functions only.',
    { status: 502 },
  );
}

/**
 * Reads zips with tools that are not fleetpipe's own (Python's zipfile,
 * Info-ZIP's unzip), so tests check the format against real readers.
 */
import { execFileSync } from 'node:child_process';

export interface InspectedEntry {
  name: string;
  dateTime: number[];
  /** 3 = Unix. */
  createSystem: number;
  /** Unix mode from the external attributes, e.g. 0o100644. */
  mode: number;
  /** 0 = stored, 8 = deflated. */
  compressType: number;
  extraLength: number;
  content: Buffer;
}

const INSPECT = `
import json, sys, zipfile, base64
with zipfile.ZipFile(sys.argv[1]) as z:
    out = []
    for i in z.infolist():
        out.append({"name": i.filename, "dateTime": list(i.date_time), "createSystem": i.create_system,
                     "mode": i.external_attr >> 16, "compressType": i.compress_type,
                     "extraLength": len(i.extra), "content": base64.b64encode(z.read(i)).decode()})
    print(json.dumps(out))
`;

export function inspectZip(file: string): InspectedEntry[] {
  const raw = JSON.parse(execFileSync('python3', ['-c', INSPECT, file], { encoding: 'utf8' })) as Array<
    Omit<InspectedEntry, 'content'> & { content: string }
  >;
  return raw.map((e) => ({ ...e, content: Buffer.from(e.content, 'base64') }));
}

/** Throws unless both `python3 -m zipfile -t` and `unzip -t` accept the zip. */
export function assertValidZip(file: string): void {
  // zipfile -t exits 0 even for a bad entry; it names it on stdout instead.
  const python = execFileSync('python3', ['-m', 'zipfile', '-t', file], { encoding: 'utf8' });
  if (python.includes('corrupted')) throw new Error(`python3 zipfile -t rejects ${file}: ${python}`);
  execFileSync('unzip', ['-t', '-q', file], { stdio: 'pipe' });
}

export function zipNames(file: string): string[] {
  return inspectZip(file).map((e) => e.name);
}

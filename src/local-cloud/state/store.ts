/**
 * The local cloud's state: plain JSON objects, one "slice" per service, changed
 * only through named reducers. Every change is appended to a journal before the
 * request is answered, so state survives a restart; a snapshot is written from
 * time to time and the journal restarted.
 *
 * Crash safety (kill -9 at any moment):
 *  - a journal line is written with one write() call; the kernel keeps it even
 *    if the process dies right after, and a line torn by a machine crash is
 *    detected on load (it does not parse) and cut off;
 *  - a snapshot is written to a temporary file, fsynced, then renamed over the
 *    old one: the old or the new snapshot is there, never half of one;
 *  - journal entries carry a sequence number; those already in the snapshot
 *    are skipped, so a crash between snapshot and journal restart is harmless;
 *  - blobs (object bodies) are written to a temporary file and renamed to their
 *    content hash before the journal entry that names them.
 *
 * Without a directory everything stays in memory (`--ephemeral`).
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

// biome-ignore lint/suspicious/noExplicitAny: reducers take the payload their slice defines
export type Reducer<S> = (state: S, payload: any) => void;

export interface SliceDefinition<S> {
  /** Unique name, e.g. `s3`. */
  name: string;
  /** The empty state of a new cloud. */
  initial: () => S;
  /** Every way the state may change. Payloads must be JSON (no Buffers: use blobs). */
  reducers: Record<string, Reducer<S>>;
}

export interface StoreOptions {
  /** State directory; undefined keeps everything in memory. */
  dir?: string;
  // biome-ignore lint/suspicious/noExplicitAny: slices hold different state types
  slices: SliceDefinition<any>[];
  /** Journal size that triggers a snapshot (bytes). */
  compactAfterBytes?: number;
}

interface JournalEntry {
  s: number;
  k: string;
  t: string;
  p: unknown;
}

export class StateLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateLoadError';
  }
}

const SnapshotFile = 'snapshot.json';
const JournalFile = 'journal.log';

export class StateStore {
  private readonly states = new Map<string, unknown>();
  // biome-ignore lint/suspicious/noExplicitAny: see SliceDefinition
  private readonly defs = new Map<string, SliceDefinition<any>>();
  private seq = 0;
  private journalFd: number | undefined;
  private journalBytes = 0;
  private readonly memoryBlobs = new Map<string, Buffer>();
  readonly dir: string | undefined;
  private readonly compactAfterBytes: number;

  private constructor(options: StoreOptions) {
    this.dir = options.dir;
    this.compactAfterBytes = options.compactAfterBytes ?? 16 * 1024 * 1024;
    for (const def of options.slices) {
      if (this.defs.has(def.name)) throw new Error(`state slice "${def.name}" registered twice`);
      this.defs.set(def.name, def);
      this.states.set(def.name, def.initial());
    }
  }

  static open(options: StoreOptions): StateStore {
    const store = new StateStore(options);
    if (store.dir) store.load(store.dir);
    return store;
  }

  /** The current state of a slice. Read it freely; change it only through `dispatch`. */
  get<S>(slice: SliceDefinition<S> | string): S {
    const name = typeof slice === 'string' ? slice : slice.name;
    if (!this.states.has(name)) throw new Error(`unknown state slice "${name}"`);
    return this.states.get(name) as S;
  }

  /** Applies a change and records it; returns once the record is written. */
  // biome-ignore lint/suspicious/noExplicitAny: any slice
  dispatch(slice: SliceDefinition<any> | string, type: string, payload: unknown): void {
    const name = typeof slice === 'string' ? slice : slice.name;
    const def = this.defs.get(name);
    const reducer = def?.reducers[type];
    if (!def || !reducer) throw new Error(`no reducer "${type}" in state slice "${name}"`);
    const entry: JournalEntry = { s: this.seq + 1, k: name, t: type, p: payload };
    const line = `${JSON.stringify(entry)}\n`;
    reducer(this.states.get(name), structuredClone(payload));
    this.seq = entry.s;
    if (this.journalFd !== undefined) {
      const bytes = Buffer.from(line, 'utf8');
      writeSync(this.journalFd, bytes);
      this.journalBytes += bytes.length;
      if (this.journalBytes >= this.compactAfterBytes) this.snapshot();
    }
  }

  /** Stores bytes by content; returns their id (sha256 hex). */
  putBlob(data: Buffer): string {
    const id = createHash('sha256').update(data).digest('hex');
    if (!this.dir) {
      this.memoryBlobs.set(id, data);
      return id;
    }
    const file = this.blobPath(id);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.tmp-${process.pid}`;
      writeFileSync(tmp, data);
      renameSync(tmp, file);
    }
    return id;
  }

  getBlob(id: string): Buffer {
    if (!this.dir) {
      const data = this.memoryBlobs.get(id);
      if (!data) throw new Error(`blob ${id} is missing`);
      return data;
    }
    return readFileSync(this.blobPath(id));
  }

  private blobPath(id: string): string {
    if (!/^[0-9a-f]{64}$/.test(id)) throw new Error(`bad blob id ${id}`);
    return path.join(this.dir!, 'blobs', id.slice(0, 2), id);
  }

  /** Writes all state to a new snapshot and restarts the journal. */
  snapshot(): void {
    if (!this.dir) return;
    const body = JSON.stringify({ version: 1, seq: this.seq, slices: Object.fromEntries(this.states) });
    const tmp = path.join(this.dir, `${SnapshotFile}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, body);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path.join(this.dir, SnapshotFile));
    if (this.journalFd !== undefined) {
      ftruncateSync(this.journalFd, 0);
      this.journalBytes = 0;
    }
  }

  close(): void {
    if (this.journalFd !== undefined) {
      closeSync(this.journalFd);
      this.journalFd = undefined;
    }
  }

  private load(dir: string): void {
    mkdirSync(dir, { recursive: true });
    const snapshotPath = path.join(dir, SnapshotFile);
    if (existsSync(snapshotPath)) {
      let snap: { seq: number; slices: Record<string, unknown> };
      try {
        snap = JSON.parse(readFileSync(snapshotPath, 'utf8'));
      } catch (err) {
        throw new StateLoadError(`${snapshotPath} is not valid JSON (${(err as Error).message})`);
      }
      this.seq = snap.seq;
      for (const [name, state] of Object.entries(snap.slices))
        if (this.defs.has(name)) this.states.set(name, state);
    }
    const journalPath = path.join(dir, JournalFile);
    rmSync(`${snapshotPath}.tmp`, { force: true });
    if (existsSync(journalPath)) this.replay(journalPath);
    this.journalFd = openSync(journalPath, 'a');
    this.journalBytes = statSync(journalPath).size;
  }

  private replay(journalPath: string): void {
    const text = readFileSync(journalPath);
    let offset = 0;
    let good = 0;
    while (offset < text.length) {
      const nl = text.indexOf(0x0a, offset);
      if (nl < 0) break; // a torn last line
      const line = text.subarray(offset, nl).toString('utf8');
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        break;
      }
      offset = nl + 1;
      good = offset;
      if (entry.s <= this.seq) continue;
      const reducer = this.defs.get(entry.k)?.reducers[entry.t];
      if (reducer) reducer(this.states.get(entry.k), entry.p);
      this.seq = entry.s;
    }
    if (good < text.length) {
      // Cut off what a crash left half-written, so new entries follow a whole line.
      const fd = openSync(journalPath, 'r+');
      try {
        ftruncateSync(fd, good);
      } finally {
        closeSync(fd);
      }
    }
  }
}

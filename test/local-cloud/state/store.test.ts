import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StateStore } from '../../../src/local-cloud/state/store.js';
import { type CounterState, counterSlice } from './slices.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'fleetpipe-state-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const values = (store: StateStore) => store.get<CounterState>(counterSlice).values;

describe('StateStore', () => {
  it('keeps state in memory without a directory', () => {
    const store = StateStore.open({ slices: [counterSlice] });
    store.dispatch(counterSlice, 'add', { n: 1 });
    expect(values(store)).toEqual([1]);
    const blob = store.putBlob(Buffer.from('hello'));
    expect(store.getBlob(blob).toString()).toBe('hello');
  });

  it('survives a restart through journal and snapshot', () => {
    const dir = tempDir();
    const a = StateStore.open({ dir, slices: [counterSlice], compactAfterBytes: 200 });
    for (let n = 1; n <= 50; n++) a.dispatch(counterSlice, 'add', { n });
    const blob = a.putBlob(Buffer.from('payload'));
    a.close();
    const b = StateStore.open({ dir, slices: [counterSlice] });
    expect(values(b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(b.getBlob(blob).toString()).toBe('payload');
    b.dispatch(counterSlice, 'clear', {});
    b.dispatch(counterSlice, 'add', { n: 7 });
    b.close();
    expect(values(StateStore.open({ dir, slices: [counterSlice] }))).toEqual([7]);
  });

  it('cuts off a torn last journal line and keeps appending after it', () => {
    const dir = tempDir();
    const a = StateStore.open({ dir, slices: [counterSlice] });
    a.dispatch(counterSlice, 'add', { n: 1 });
    a.close();
    appendFileSync(path.join(dir, 'journal.log'), '{"s":2,"k":"counter","t":"add","p":{"n"');
    const b = StateStore.open({ dir, slices: [counterSlice] });
    expect(values(b)).toEqual([1]);
    b.dispatch(counterSlice, 'add', { n: 2 });
    b.close();
    expect(values(StateStore.open({ dir, slices: [counterSlice] }))).toEqual([1, 2]);
    expect(readFileSync(path.join(dir, 'journal.log'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('rejects an unknown reducer', () => {
    const store = StateStore.open({ slices: [counterSlice] });
    expect(() => store.dispatch(counterSlice, 'nope', {})).toThrow(
      /no reducer "nope" in state slice "counter"/,
    );
  });

  it('loads after kill -9 at arbitrary moments, with every acknowledged change', async () => {
    const dir = tempDir();
    const writer = path.join(import.meta.dirname, 'crash-writer.ts');
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let acknowledged = 0;
      let buffered = '';
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          const lines = buffered.split('\n');
          buffered = lines.pop()!;
          if (lines.length > 0) acknowledged = Number(lines[lines.length - 1]);
          // kill at a different point each round, mid-stream (snapshots happen every ~4 KB)
          if (acknowledged >= 150 * (round + 1) + round * 37) {
            child.kill('SIGKILL');
          }
        });
        child.on('exit', () => resolve());
      });
      const store = StateStore.open({ dir, slices: [counterSlice] });
      const loaded = values(store);
      store.close();
      expect(loaded.length).toBeGreaterThanOrEqual(acknowledged);
      expect(loaded).toEqual(Array.from({ length: loaded.length }, (_, i) => i + 1));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { runGraph } from '../../../../src/local-cloud/cloudformation/engine/schedule.js';

/** A promise the test settles. */
function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('runGraph', () => {
  it('starts a resource as soon as its own dependencies succeed, not after a whole wave', async () => {
    const slow = gate();
    const log: string[] = [];
    const run = runGraph({
      nodes: ['Slow', 'Fast', 'AfterFast', 'AfterSlow'],
      dependencies: { AfterFast: ['Fast'], AfterSlow: ['Slow'] },
      apply: async (id) => {
        log.push(`start ${id}`);
        if (id === 'Slow') await slow.promise;
        log.push(`end ${id}`);
        return true;
      },
      failed: (ok) => !ok,
    });
    await new Promise((resolve) => setImmediate(resolve));
    // Slow is still running: AfterFast has already started and finished.
    expect(log).toEqual(['start Slow', 'start Fast', 'end Fast', 'start AfterFast', 'end AfterFast']);
    slow.open();
    expect(await run).toEqual({ failures: [], stopped: false });
    expect(log.slice(-3)).toEqual(['end Slow', 'start AfterSlow', 'end AfterSlow']);
  });

  it('starts nothing new after a failure; what is in flight finishes', async () => {
    const slow = gate();
    const started: string[] = [];
    const finished: string[] = [];
    const run = runGraph({
      nodes: ['Bad', 'Slow', 'AfterBad', 'AfterSlow'],
      dependencies: { AfterBad: ['Bad'], AfterSlow: ['Slow'] },
      apply: async (id) => {
        started.push(id);
        if (id === 'Slow') await slow.promise;
        finished.push(id);
        return id !== 'Bad';
      },
      failed: (ok) => !ok,
    });
    await new Promise((resolve) => setImmediate(resolve));
    slow.open();
    expect(await run).toEqual({ failures: ['Bad'], stopped: false });
    expect(started).toEqual(['Bad', 'Slow']);
    expect(finished.sort()).toEqual(['Bad', 'Slow']);
  });

  it('stops starting resources once stopped() says so', async () => {
    let stop = false;
    const started: string[] = [];
    const result = await runGraph({
      nodes: ['A', 'B'],
      dependencies: { B: ['A'] },
      apply: async (id) => {
        started.push(id);
        stop = true;
        return true;
      },
      failed: () => false,
      stopped: () => stop,
    });
    expect(result).toEqual({ failures: [], stopped: true });
    expect(started).toEqual(['A']);
  });

  it('ignores dependencies outside the nodes (resources whose condition is false) and refuses cycles', async () => {
    const ran: string[] = [];
    await runGraph({
      nodes: ['A'],
      dependencies: { A: ['Absent'] },
      apply: async (id) => {
        ran.push(id);
        return true;
      },
      failed: () => false,
    });
    expect(ran).toEqual(['A']);
    await expect(
      runGraph({
        nodes: ['X', 'Y'],
        dependencies: { X: ['Y'], Y: ['X'] },
        apply: async () => true,
        failed: () => false,
      }),
    ).rejects.toThrow('circular dependencies among X, Y');
  });
});

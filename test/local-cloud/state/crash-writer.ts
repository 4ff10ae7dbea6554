/**
 * Child process for the kill -9 test: dispatches counter increments forever,
 * printing each acknowledged sequence number.
 */
import { StateStore } from '../../../src/local-cloud/state/store.js';
import { counterSlice } from './slices.js';

const dir = process.argv[2]!;
const store = StateStore.open({ dir, slices: [counterSlice], compactAfterBytes: 4096 });
let i = store.get<{ values: number[] }>(counterSlice).values.length;
for (;;) {
  i += 1;
  store.dispatch(counterSlice, 'add', { n: i, pad: 'x'.repeat(i % 200) });
  process.stdout.write(`${i}\n`);
}

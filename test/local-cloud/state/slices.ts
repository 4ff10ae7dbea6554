import type { SliceDefinition } from '../../../src/local-cloud/state/store.js';

export interface CounterState {
  values: number[];
}

export const counterSlice: SliceDefinition<CounterState> = {
  name: 'counter',
  initial: () => ({ values: [] }),
  reducers: {
    add: (state, payload: { n: number }) => {
      state.values.push(payload.n);
    },
    clear: (state) => {
      state.values = [];
    },
  },
};

import { DualStateStore } from '@caio/core';
import { InMemoryStateStore, SequentialIds } from '@caio/testkit';
import { describeStateStoreContract } from '@caio/testkit/contracts';

// The combinator must be a faithful StateStore in every cutover configuration.
for (const [dualRead, fallbackWrite] of [
  [false, false],
  [true, true],
  [true, false],
  [false, true],
] as const) {
  describeStateStoreContract(`dual(memory+memory) read=${dualRead} write=${fallbackWrite}`, async (clock) => ({
    store: new DualStateStore(new InMemoryStateStore(() => clock.now()), new InMemoryStateStore(() => clock.now()), {
      dualRead,
      fallbackWrite,
      clock,
      ids: new SequentialIds(),
    }),
  }));
}

// The fake Instantly of @caio/testkit in a process of its own, as a provider is another
// machine: the dispatch figure then compares two clients of the same server, and neither
// pays the server's CPU. Talks to its parent over IPC: sends `{ baseUrl }` once listening,
// answers `count` with how many requests it recorded, and stops on `stop`.
import { FakeInstantly } from '@caio/testkit';

const fake = await new FakeInstantly(process.env.FAKE_KEY ?? 'bench-key', [process.env.FAKE_CAMPAIGN ?? 'cmp-bench']).start();
fake.setRateLimit(null);
process.on('message', async (message) => {
  if (message === 'count') process.send?.({ count: fake.requests.length });
  if (message === 'stop') {
    await fake.stop();
    process.disconnect();
  }
});
process.send?.({ baseUrl: fake.baseUrl });

// The parent's side of `fake-instantly-process.mjs`: starts the fake Instantly in a process
// of its own and talks to it over IPC (its base URL, how many requests it recorded, stop).
import { fork } from 'node:child_process';

export const fakeInOwnProcess = async (key, campaign) => {
  const child = fork(new URL('./fake-instantly-process.mjs', import.meta.url), { env: { ...process.env, FAKE_KEY: key, FAKE_CAMPAIGN: campaign } });
  // Each answer drops its exit listener: the count is polled often.
  const reply = () => new Promise((resolve, reject) => {
    const exited = (code) => reject(new Error(`the fake provider exited (${code})`));
    child.once('exit', exited);
    child.once('message', (message) => {
      child.off('exit', exited);
      resolve(message);
    });
  });
  const { baseUrl } = await reply();
  return {
    baseUrl,
    count: async () => {
      const answer = reply();
      child.send('count');
      return (await answer).count;
    },
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.send('stop');
    }),
  };
};

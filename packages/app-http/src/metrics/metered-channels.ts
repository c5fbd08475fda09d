import type { OutboundChannel, OutboundChannels, SendError } from '@caio/core';
import type { AppMetrics } from './app-metrics.js';

const OUTCOME: Readonly<Record<SendError['_tag'], string>> = { SendRejected: 'rejected', SendRetryable: 'retryable', SendUnknown: 'unknown' };

/** One channel whose sends are counted by outcome and timed; what it returns is unchanged. */
const meteredChannel = (channel: OutboundChannel, metrics: AppMetrics): OutboundChannel => ({
  channel: channel.channel,
  sandbox: channel.sandbox,
  send: (request) => {
    const started = performance.now();
    const done = (outcome: string) => {
      metrics.sends.inc({ channel: channel.channel, outcome });
      metrics.providerCallSeconds.observe({ channel: channel.channel }, (performance.now() - started) / 1000);
    };
    try {
      return channel
        .send(request)
        .map((receipt) => {
          done('sent');
          return receipt;
        })
        .mapErr((error) => {
          done(OUTCOME[error._tag]);
          return error;
        });
    } catch (error) {
      // A bug in an adapter: counted, then thrown on as before.
      done('crashed');
      throw error;
    }
  },
});

/** Every channel of the app, metered (`caio_sends_total`, `caio_provider_call_seconds`). @category adapters */
export const meteredChannels = (channels: OutboundChannels, metrics: AppMetrics): OutboundChannels =>
  Object.fromEntries(Object.entries(channels).map(([name, channel]) => [name, channel ? meteredChannel(channel, metrics) : channel]));

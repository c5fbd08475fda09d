import type { OutboundChannel, OutboundChannels, SendError } from '@caio/core';
import type { AppMetrics } from './app-metrics.js';

const OUTCOME: Readonly<Record<SendError['_tag'], string>> = { SendRejected: 'rejected', SendRetryable: 'retryable', SendUnknown: 'unknown' };

/**
 * The channel with its sends counted by outcome and timed; what it returns is unchanged,
 * and so is everything else it offers (a proxy: `listCampaigns` and the like still work on
 * what the container holds).
 */
const meteredChannel = <C extends OutboundChannel>(channel: C, metrics: AppMetrics): C => {
  const send: OutboundChannel['send'] = (request) => {
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
  };
  return new Proxy(channel, {
    get(target, property, receiver) {
      if (property === 'send') return send;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
};

/** Every channel of the app, metered (`caio_sends_total`, `caio_provider_call_seconds`). @category adapters */
export const meteredChannels = (channels: OutboundChannels, metrics: AppMetrics): OutboundChannels =>
  Object.fromEntries(Object.entries(channels).map(([name, channel]) => [name, channel ? meteredChannel(channel, metrics) : channel]));

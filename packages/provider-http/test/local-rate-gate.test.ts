import { LocalRateGate } from '@caio/provider-http';
import { rateGateContract } from '@caio/testkit';

rateGateContract('local', async () => ({ shared: false, gate: (_name, windows) => new LocalRateGate(windows) }));

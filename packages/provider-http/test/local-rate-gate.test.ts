import { LocalRateGate } from '@caio/provider-http';
import { rateGateContract } from '@caio/testkit/contracts';

rateGateContract('local', async () => ({ shared: false, gate: (_name, windows) => new LocalRateGate(windows) }));

import { initialControls, type Controls } from '@caio/core';
import fc from 'fast-check';

/** Controls in every combination of stop, mode and window override. @category testing */
export const arbControls: fc.Arbitrary<Controls> = fc
  .record({ engaged: fc.boolean(), autonomous: fc.boolean(), override: fc.boolean() })
  .map(({ engaged, autonomous, override }) => ({
    ...initialControls('2026-03-02T00:00:00.000Z'),
    emergencyStop: engaged ? { engaged: true, by: 'ops', reason: 'drill', at: '2026-03-02T00:00:00.000Z' } : { engaged: false },
    mode: autonomous ? 'autonomous' : 'supervised',
    sendWindowOverride: override,
    version: 1,
  }));

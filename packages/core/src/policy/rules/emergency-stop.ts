import { deny, type PolicyRule } from './rule.js';

/** Nothing is sent while the emergency stop is engaged. */
export const emergencyStop: PolicyRule = ({ controls }) =>
  controls.emergencyStop.engaged
    ? deny('emergency_stop', `The emergency stop is engaged${controls.emergencyStop.by ? ` by ${controls.emergencyStop.by}` : ''}${controls.emergencyStop.reason ? `: ${controls.emergencyStop.reason}` : ''}.`)
    : null;

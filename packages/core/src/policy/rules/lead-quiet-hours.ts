import { isValidTimeZone, isWithinWindow } from '../../time/zoned-time.js';
import { deny, type PolicyRule } from './rule.js';

/** Lead-local allowed hours (e.g. TCPA's 08:00-21:00), when configured and the lead's zone is known. */
export const leadQuietHours: PolicyRule = ({ config, lead, now }) => {
  const zone = lead?.timezone;
  if (!config.leadQuietHours || zone === undefined || !isValidTimeZone(zone)) return null;
  return isWithinWindow(now, config.leadQuietHours, zone) ? null : deny('lead_quiet_hours', `It is outside the allowed hours in the lead's timezone (${zone}).`);
};

import { isValidTimeZone } from '../../time/zoned-time.js';
import { deny, type PolicyRule } from './rule.js';

/** An unknown zone never sends: neither the send zone nor a lead's zone may be invalid. */
export const validTimezones: PolicyRule = ({ config, lead }) => {
  if (!isValidTimeZone(config.timeZone)) return deny('invalid_timezone', `The send timezone ${config.timeZone} is not a valid IANA zone.`);
  if (lead?.timezone !== undefined && !isValidTimeZone(lead.timezone)) return deny('invalid_timezone', `The lead's timezone ${lead.timezone} is not a valid IANA zone.`);
  return null;
};

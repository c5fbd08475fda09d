import { isValidTimeZone, isWithinWindow, localParts } from '../../time/zoned-time.js';
import { deny, type PolicyRule } from './rule.js';

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Inside the daily send window in the send timezone, unless the override is on. */
export const sendWindow: PolicyRule = ({ config, controls, now }) => {
  if (controls.sendWindowOverride || !isValidTimeZone(config.timeZone)) return null;
  if (isWithinWindow(now, config.window, config.timeZone)) return null;
  const local = localParts(now, config.timeZone);
  return deny(
    'outside_send_window',
    `It is ${hhmm(local.hour * 60 + local.minute)} in ${config.timeZone}; the send window is ${hhmm(config.window.start)}-${hhmm(config.window.end)}.`,
  );
};

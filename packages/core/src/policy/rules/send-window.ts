import { isValidTimeZone, isWithinWindow, localParts } from '../../time/zoned-time.js';
import { deny, type PolicyRule } from './rule.js';

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Inside the daily send window in the send timezone. The override
 * (SUPERVISED_SEND_WINDOW_OVERRIDE) is a supervised tool: a human approves each send, so
 * they may send outside the window; autopilot never does. A send timezone that is not a
 * valid IANA zone is denied by the invalid_timezone rule.
 */
export const sendWindow: PolicyRule = ({ config, controls, now }) => {
  if (controls.sendWindowOverride && controls.mode === 'supervised') return null;
  // An invalid zone is denied by its own rule (invalid_timezone), not listed twice.
  if (!isValidTimeZone(config.timeZone)) return null;
  if (isWithinWindow(now, config.window, config.timeZone)) return null;
  const local = localParts(now, config.timeZone);
  return deny(
    'outside_send_window',
    `It is ${hhmm(local.hour * 60 + local.minute)} in ${config.timeZone}; the send window is ${hhmm(config.window.start)}-${hhmm(config.window.end)}${controls.sendWindowOverride ? ' (the window override applies in supervised mode only)' : ''}.`,
  );
};

/** What operators are told about. */
export const NOTIFICATION_KINDS = ['reply', 'unknown_outcome', 'stop_engaged', 'stop_released', 'autonomy_fallback', 'quarantine', 'webhook_auth_failures', 'approval_sla'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One message for the notification webhook. `key` names the event (an audit entry id, a
 * quarantined delivery id, a card past its SLA...): it is the delivery's idempotency key
 * and what marks it delivered, so an event is announced once.
 */
export interface Notification {
  readonly key: string;
  readonly kind: NotificationKind;
  readonly text: string;
}

/** The Slack incoming-webhook body (also understood by Mattermost, Rocket.Chat, Teams workflows...). */
export const slackBody = (n: Notification): { text: string } => ({ text: `[CAIO ${n.kind.replaceAll('_', ' ')}] ${n.text}` });

/**
 * @caio/core — the pure domain of CAIO outbound: no I/O, no framework.
 * Imports only `neverthrow`, `zod` and itself (checked by scripts/check-dependency-rules.mjs).
 */
export * from './shared/token.js';
export * from './shared/brand.js';
export * from './shared/validation-error.js';
export * from './shared/canonical-json.js';
export * from './shared/sha256.js';
export * from './ids.js';
export * from './trace.js';
export * from './channel.js';
export * from './lead/email.js';
export * from './lead/linkedin.js';
export * from './lead/identity.js';
export * from './lead/lead.js';
export * from './campaign/campaign-mapping.js';
export * from './card/card-status.js';
export * from './card/card.js';
export * from './card/content-digest.js';
export * from './card/lifecycle.js';
export * from './rejection/rejection.js';
export * from './quality/quality-report.js';
export * from './controls/controls.js';
export * from './suppression/suppression.js';
export * from './batch/batch.js';
export * from './ledger/send-ledger.js';
export * from './events/domain-events.js';
export * from './audit/audit-entry.js';
export * from './cadence/cadence.js';
export * from './clean-days.js';
export * from './ports/store-error.js';
export * from './ports/clock.js';
export * from './ports/id-generator.js';
export * from './ports/logger.js';
export * from './ports/lock-manager.js';
export * from './ports/outbound-channel.js';
export * from './ports/contact-resolver.js';
export * from './ports/card-crafter.js';
export * from './ports/state-store.js';
export * from './ports/store-record.js';
export * from './dual/drift.js';
export * from './dual/dual-state-store.js';
export * from './dual/reconcile-stores.js';

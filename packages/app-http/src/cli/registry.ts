import type { Command } from './command.js';
import { auditArchiveCommand } from './commands/audit-archive.js';
import { autonomyCommand } from './commands/autonomy.js';
import { cadencePlanCommand, cadenceTickCommand } from './commands/cadence.js';
import { leadsImportCommand } from './commands/leads-import.js';
import { leadsRelinkCommand } from './commands/leads-relink.js';
import { leadsEraseCommand } from './commands/leads-erase.js';
import { leadsListCommand, leadsShowCommand } from './commands/leads-list.js';
import { pauseCommand } from './commands/pause.js';
import { cardRemapCommand } from './commands/card-remap.js';
import { routingListCommand, routingSetCommand } from './commands/routing.js';
import { pipelineRunCommand } from './commands/pipeline-run.js';
import { qualityReportCommand } from './commands/quality-report.js';
import { reportCommand } from './commands/report.js';
import { queueListCommand } from './commands/queue-list.js';
import { readinessCommand } from './commands/readiness.js';
import { replayCommand } from './commands/replay.js';
import { replayRecordCommand } from './commands/replay-record.js';
import { reconcileCommand } from './commands/reconcile.js';
import { reconcileResolveCommand } from './commands/reconcile-resolve.js';
import { serveCommand } from './commands/serve.js';
import { smokeCommand } from './commands/smoke.js';
import { stateAcceptLossCommand } from './commands/state-accept-loss.js';
import { stateExportCommand } from './commands/state-export.js';
import { stateMigrateCommand } from './commands/state-migrate.js';
import { stateInitCommand } from './commands/state-init.js';
import { stopEngageCommand, stopStatusCommand } from './commands/stop.js';
import { suppressAddCommand, suppressImportCommand, suppressListCommand, suppressRemoveCommand } from './commands/suppress.js';
import { traceQueueCommand } from './commands/trace-queue.js';
import { usersAddCommand, usersListCommand, usersRemoveCommand, usersRotateCommand } from './commands/users.js';
import { verifySendCommand } from './commands/verify-send.js';

/** Every `caio` command, in the order `caio --help` lists them (the first runs when none is named). */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  leadsImportCommand,
  leadsRelinkCommand,
  leadsEraseCommand,
  pipelineRunCommand,
  suppressAddCommand,
  suppressRemoveCommand,
  suppressListCommand,
  suppressImportCommand,
  leadsListCommand,
  leadsShowCommand,
  queueListCommand,
  pauseCommand,
  cardRemapCommand,
  routingListCommand,
  routingSetCommand,
  cadencePlanCommand,
  cadenceTickCommand,
  traceQueueCommand,
  smokeCommand,
  replayCommand,
  replayRecordCommand,
  readinessCommand,
  autonomyCommand,
  verifySendCommand,
  qualityReportCommand,
  reportCommand,
  reconcileCommand,
  reconcileResolveCommand,
  stateMigrateCommand,
  auditArchiveCommand,
  stopEngageCommand,
  stopStatusCommand,
  stateInitCommand,
  stateAcceptLossCommand,
  stateExportCommand,
  usersAddCommand,
  usersListCommand,
  usersRotateCommand,
  usersRemoveCommand,
];

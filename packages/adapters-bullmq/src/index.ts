/** @caio/adapters-bullmq — the WorkQueue port on BullMQ (Redis, single node or cluster). */
export * from './bullmq-connection.js';
export * from './bullmq-work-queue.js';

import { startTelemetry } from '@ticres/shared/telemetry';

/**
 * Imported first by main.ts: tracing must hook pg, grpc, amqplib and net before anything loads
 * them, or their spans are lost.
 */
export const telemetry = startTelemetry('notifier');

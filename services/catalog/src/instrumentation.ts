import { startTelemetry } from '@ticres/shared/telemetry';

/**
 * Imported first by main.ts: tracing must hook pg, ioredis and grpc before anything loads them, or their spans
 * are lost. RabbitMQ's spans come from the broker code itself.
 */
export const telemetry = startTelemetry({ service: 'catalog', traced: ['grpc', 'pg', 'ioredis'] });

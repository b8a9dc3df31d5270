import { ConfigError } from './config';
import { startTelemetry } from './telemetry';

describe('startTelemetry', () => {
  it('does nothing when no endpoint is configured', async () => {
    await expect(startTelemetry('test', {}).shutdown()).resolves.toBeUndefined();
  });

  it.each(['not a url', 'ftp://collector:4318', 'collector:4318'])('stops start-up on a malformed endpoint (%s), naming it', (endpoint) => {
    expect(() => startTelemetry('test', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint })).toThrow(ConfigError);
    expect(() => startTelemetry('test', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});

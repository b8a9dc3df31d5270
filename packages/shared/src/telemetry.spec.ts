import { ConfigError } from './config';
import { startTelemetry } from './telemetry';

describe('startTelemetry', () => {
  it('does nothing when no endpoint is configured', async () => {
    await expect(startTelemetry({ service: 'test', traced: ['pg'], env: {} }).shutdown()).resolves.toBeUndefined();
  });

  it.each(['not a url', 'ftp://collector:4318', 'collector:4318'])('stops start-up on a malformed endpoint (%s), naming it', (endpoint) => {
    const start = () => startTelemetry({ service: 'test', traced: ['pg'], env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
    expect(start).toThrow(ConfigError);
    expect(start).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});

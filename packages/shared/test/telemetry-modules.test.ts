import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The built module, as a service's dist/instrumentation.js requires it (`pnpm build` first). */
const TELEMETRY = path.resolve(__dirname, '..', 'dist', 'telemetry.js');

/**
 * Starts telemetry in a fresh node process, as a service's first import does, and lists the
 * OpenTelemetry packages it has loaded (require.cache holds every module a process has required).
 */
async function openTelemetryPackagesLoaded(env: Record<string, string>): Promise<string[]> {
  const script = `
    const { startTelemetry } = require(${JSON.stringify(TELEMETRY)});
    const telemetry = startTelemetry({ service: 'probe', traced: ['grpc', 'pg'], env: ${JSON.stringify(env)} });
    const names = Object.keys(require.cache).map((file) => /@opentelemetry\\/([\\w.-]+)/.exec(file)?.[1]).filter(Boolean);
    console.log(JSON.stringify([...new Set(names)].sort()));
    telemetry.shutdown().then(() => process.exit(0));
  `;
  const { stdout } = await run(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '' } });
  return JSON.parse(stdout) as string[];
}

describe('the telemetry modules a process loads', () => {
  it('with tracing off: no OpenTelemetry package at all', async () => {
    expect(await openTelemetryPackagesLoaded({})).toEqual([]);
  });

  it('with tracing on: the instrumentations of the libraries asked for and no other', async () => {
    // Nothing listens there; no span is made, so nothing is sent.
    const loaded = await openTelemetryPackagesLoaded({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(loaded.filter((name) => name.startsWith('instrumentation-'))).toEqual(['instrumentation-grpc', 'instrumentation-pg']);
    expect(loaded).toEqual(expect.arrayContaining(['exporter-trace-otlp-http', 'sdk-trace-node']));
    expect(loaded).not.toContain('auto-instrumentations-node');
  });
});

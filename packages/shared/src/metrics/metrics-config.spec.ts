import { ConfigError, loadConfig } from '../config';
import { DEFAULT_METRICS_PORTS, metricsConfigShape } from './metrics-config';

describe('metricsConfigShape', () => {
  it('defaults each service to its own port on loopback', () => {
    for (const [service, port] of Object.entries(DEFAULT_METRICS_PORTS)) {
      expect(loadConfig(metricsConfigShape(service as keyof typeof DEFAULT_METRICS_PORTS), {})).toEqual({ METRICS_PORT: port, METRICS_BIND: '127.0.0.1' });
    }
    expect(new Set(Object.values(DEFAULT_METRICS_PORTS)).size).toBe(6);
  });

  it('takes 0 (any free port) and an address to listen on', () => {
    expect(loadConfig(metricsConfigShape('booking'), { METRICS_PORT: '0', METRICS_BIND: '0.0.0.0' })).toEqual({
      METRICS_PORT: 0,
      METRICS_BIND: '0.0.0.0',
    });
  });

  it('refuses a port out of range and an address with a port or a path, naming the variable', () => {
    const load = (env: NodeJS.ProcessEnv) => () => loadConfig(metricsConfigShape('gateway'), env);
    expect(load({ METRICS_PORT: '70000' })).toThrow(ConfigError);
    expect(load({ METRICS_PORT: 'x' })).toThrow(/METRICS_PORT/);
    expect(load({ METRICS_BIND: 'http://0.0.0.0/' })).toThrow(/METRICS_BIND/);
  });
});

import { ConfigError } from '@ticres/shared';
import { loadGatewayConfig as loadGatewayConfigFrom } from './config';

const SECRET = { GATEWAY_SERVICE_SECRET: 'a-secret-of-our-own-0123' };
/** The configuration with the one required variable set. */
const loadGatewayConfig = (source: NodeJS.ProcessEnv) => loadGatewayConfigFrom({ ...SECRET, ...source });

describe('gateway configuration of the HTTP edge', () => {
  it('has CORS off and the docs on by default, in development', () => {
    const config = loadGatewayConfig({});
    expect(config.CORS_ORIGINS).toEqual([]);
    expect(config.DOCS_ENABLED).toBe(true);
  });

  it('turns the docs off by default in production, and on again when asked', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'production' }).DOCS_ENABLED).toBe(false);
    expect(loadGatewayConfig({ NODE_ENV: 'production', DOCS_ENABLED: 'true' }).DOCS_ENABLED).toBe(true);
    expect(loadGatewayConfig({ DOCS_ENABLED: 'false' }).DOCS_ENABLED).toBe(false);
  });

  it('reads CORS_ORIGINS as a comma-separated list of origins', () => {
    expect(loadGatewayConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).CORS_ORIGINS).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
  });

  it.each(['https://app.example.com/', 'app.example.com', '*', 'https://app.example.com/path'])(
    'refuses %s in CORS_ORIGINS, naming the variable',
    (origin) => {
      expect(() => loadGatewayConfig({ CORS_ORIGINS: origin })).toThrow(ConfigError);
      expect(() => loadGatewayConfig({ CORS_ORIGINS: origin })).toThrow(/CORS_ORIGINS/);
    },
  );

  it('needs GATEWAY_SERVICE_SECRET, and refuses a development one in production, naming the variable', () => {
    expect(() => loadGatewayConfigFrom({})).toThrow(/GATEWAY_SERVICE_SECRET/);
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', GATEWAY_SERVICE_SECRET: 'local-dev-gateway-secret' })).toThrow(
      /GATEWAY_SERVICE_SECRET: is a development default/,
    );
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', GATEWAY_SERVICE_SECRET: 'change-me-gateway-service-secret' })).toThrow(
      /GATEWAY_SERVICE_SECRET: is a development default/,
    );
    expect(loadGatewayConfig({ GATEWAY_SERVICE_SECRET: 'local-dev-gateway-secret' }).GATEWAY_SERVICE_SECRET).toBe('local-dev-gateway-secret');
  });
});

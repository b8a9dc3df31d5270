import { ConfigError, commonConfigShape, env, loadConfig } from './config';

describe('loadConfig', () => {
  const shape = { ...commonConfigShape, PORT: env.int(1, 65535).default(8080), REQUIRED_URL: env.url() };

  it('applies defaults and coerces numbers', () => {
    const config = loadConfig(shape, { REQUIRED_URL: 'http://x.test' });
    expect(config).toMatchObject({ NODE_ENV: 'development', LOG_LEVEL: 'info', PORT: 8080 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every missing or malformed variable', () => {
    expect.assertions(3);
    try {
      loadConfig(shape, { PORT: 'eighty' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('PORT');
      expect((error as ConfigError).message).toContain('REQUIRED_URL');
    }
  });

  it('parses booleans strictly', () => {
    const boolShape = { FLAG: env.bool().default(false) };
    expect(loadConfig(boolShape, { FLAG: 'true' }).FLAG).toBe(true);
    expect(loadConfig(boolShape, {}).FLAG).toBe(false);
    expect(() => loadConfig(boolShape, { FLAG: 'yes' })).toThrow(/FLAG/);
  });

  it('refuses a drain delay that does not fit in the shutdown timeout, naming it', () => {
    expect(loadConfig(shape, { REQUIRED_URL: 'http://x.test', SHUTDOWN_DRAIN_MS: '5000' }).SHUTDOWN_DRAIN_MS).toBe(5_000);
    expect(() => loadConfig(shape, { REQUIRED_URL: 'http://x.test', SHUTDOWN_DRAIN_MS: '10000' })).toThrow(/SHUTDOWN_DRAIN_MS/);
  });
});

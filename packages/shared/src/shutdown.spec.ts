import pino from 'pino';
import { handleShutdown, trackOpenedParts } from './shutdown';

describe('handleShutdown', () => {
  let exit: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
  });

  afterEach(() => {
    process.removeAllListeners('SIGTERM');
    process.removeAllListeners('SIGINT');
    exit.mockRestore();
    jest.useRealTimers();
  });

  it('runs every step in order, even after one fails, then exits 0', async () => {
    const ran: string[] = [];
    handleShutdown(pino({ level: 'silent' }), 1_000, [
      { name: 'first', run: () => void ran.push('first') },
      { name: 'broken', run: () => Promise.reject(new Error('boom')) },
      { name: 'last', run: async () => void ran.push('last') },
    ]);
    process.emit('SIGTERM');
    await jest.advanceTimersByTimeAsync(0);
    expect(ran).toEqual(['first', 'last']);
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('exits 1 when the steps outlast the timeout', async () => {
    handleShutdown(pino({ level: 'silent' }), 500, [{ name: 'stuck', run: () => new Promise<void>(() => undefined) }]);
    process.emit('SIGINT');
    await jest.advanceTimersByTimeAsync(499);
    expect(exit).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(exit).toHaveBeenCalledWith(1);
  });
});

describe('trackOpenedParts', () => {
  it('closes newest first, once, going on past a step that fails', async () => {
    const closed: string[] = [];
    const parts = trackOpenedParts(pino({ level: 'silent' }));
    parts.add({ name: 'pool', run: () => void closed.push('pool') });
    parts.add({ name: 'broker', run: () => Promise.reject(new Error('already gone')) }, { name: 'server', run: () => void closed.push('server') });

    expect(parts.shutdownSteps().map((step) => step.name)).toEqual(['server', 'broker', 'pool']);
    await Promise.all([parts.close(), parts.close()]);
    await parts.close();
    expect(closed).toEqual(['server', 'pool']);
  });
});

import pino from 'pino';
import { handleShutdown } from './shutdown';

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

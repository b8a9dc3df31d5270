import pino from 'pino';
import { createThrottledWarning } from './throttled-warning';

function recordingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe('throttled warning', () => {
  it('logs each message at most once per interval, then says how many it left out', () => {
    const { logger, lines } = recordingLogger();
    let clock = 1_000_000;
    const warn = createThrottledWarning(logger, 60_000, () => clock);
    for (let i = 0; i < 5; i += 1) warn({ caller: `10.0.0.${i}` }, 'hold: client address ignored');
    warn({ caller: '10.0.0.9' }, 'login: client address ignored');
    expect(lines.map((line) => [line.msg, line.caller, line.left_out])).toEqual([
      ['hold: client address ignored', '10.0.0.0', undefined],
      ['login: client address ignored', '10.0.0.9', undefined],
    ]);

    clock += 60_000;
    warn({ caller: '10.0.0.7' }, 'hold: client address ignored');
    expect(lines.at(-1)).toMatchObject({ msg: 'hold: client address ignored', caller: '10.0.0.7', left_out: 4 });
  });
});

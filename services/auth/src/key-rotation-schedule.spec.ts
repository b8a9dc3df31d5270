import { rotationCheckIntervalMs } from './key-rotation-schedule';

describe('rotationCheckIntervalMs', () => {
  it('is a tenth of the rotation period, at most an hour', () => {
    expect(rotationCheckIntervalMs(600)).toBe(60_000);
    expect(rotationCheckIntervalMs(7 * 86_400)).toBe(3_600_000);
  });
});

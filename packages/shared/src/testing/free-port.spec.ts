import { freePort } from './free-port';

describe('freePort', () => {
  it('never hands out the same port twice, even while none of them is bound yet', async () => {
    // 500 draws from 12,000 ports would repeat one about ten times over without the memory.
    const ports: number[] = [];
    for (let draw = 0; draw < 500; draw++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('hands out ports below the ephemeral range outgoing connections use', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(32_768);
  });
});

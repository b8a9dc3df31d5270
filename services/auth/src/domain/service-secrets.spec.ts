import { parseServiceSecrets } from './service-secrets';

describe('parseServiceSecrets', () => {
  it('reads name=secret pairs, trimming blanks and keeping = inside a secret', () => {
    const parsed = parseServiceSecrets(' notifier=notifier-secret-0123 , payment=pay=ment-secret-4567,');
    expect(parsed).toEqual({
      ok: true,
      secrets: new Map([
        ['notifier', 'notifier-secret-0123'],
        ['payment', 'pay=ment-secret-4567'],
      ]),
    });
  });

  it('reads an empty value as no service at all', () => {
    expect(parseServiceSecrets('')).toEqual({ ok: true, secrets: new Map() });
  });

  it('names each bad entry without echoing a secret', () => {
    const parsed = parseServiceSecrets('Bad Name=whatever-long-secret,notifier=short,payment,notifier=another-long-secret');
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toEqual([
      expect.stringContaining('Bad Name'),
      expect.stringContaining('notifier'),
      expect.stringContaining('payment'),
      expect.stringContaining('notifier'),
    ]);
    expect(problems.join(' ')).not.toMatch(/short|whatever-long-secret|another-long-secret/);
  });
});

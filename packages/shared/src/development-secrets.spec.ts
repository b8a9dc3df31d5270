import { ConfigError } from './config';
import { DEVELOPMENT_SECRETS, refuseDevelopmentSecrets } from './development-secrets';

const problemsOf = (run: () => void): string[] => {
  try {
    run();
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
};

describe('refuseDevelopmentSecrets', () => {
  it.each(DEVELOPMENT_SECRETS)('refuses the development default %s in production, naming the variable', (secret) => {
    const problems = problemsOf(() => refuseDevelopmentSecrets('production', [{ name: 'SOME_SECRET', values: ['fine-secret-value', secret] }]));
    expect(problems).toEqual([expect.stringMatching(/^SOME_SECRET: is a development default/)]);
    expect(problems.join()).not.toContain(secret);
  });

  it('refuses a missing or empty secret in production', () => {
    expect(
      problemsOf(() =>
        refuseDevelopmentSecrets('production', [
          { name: 'A', values: [undefined] },
          { name: 'B', values: [''] },
          { name: 'C', values: [] },
        ]),
      ),
    ).toEqual(['A: is required in production', 'B: is required in production', 'C: is required in production']);
  });

  it('accepts secrets of ones own in production', () => {
    expect(problemsOf(() => refuseDevelopmentSecrets('production', [{ name: 'A', values: ['a-secret-of-my-own'] }]))).toEqual([]);
  });

  it.each(['development', 'test'])('leaves development defaults alone in %s', (nodeEnv) => {
    expect(problemsOf(() => refuseDevelopmentSecrets(nodeEnv, [{ name: 'A', values: ['local-dev-notifier-secret', undefined] }]))).toEqual([]);
  });
});

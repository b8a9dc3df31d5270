// ESLint with typescript-eslint's type-checked rules over every package (`pnpm lint`, run by
// scripts/test.sh before the tests). Choices are explained in docs/platform/lint.md.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TEST_FILES = ['**/*.spec.ts', '**/test/**/*.ts'];

export default defineConfig(
  // Built, generated or installed files, and the few plain JavaScript scripts (no types to check).
  { ignores: ['**/dist/**', '**/generated/**', '**/node_modules/**', '.tools/**', '.turbo/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // In the preset already; named here because a promise nobody awaits is the bug this lint is for.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Off: an `async` function that awaits nothing still satisfies a Promise-returning port or a
      // Fastify handler, and turns a synchronous throw into a rejection the caller already handles.
      '@typescript-eslint/require-await': 'off',
      // A leading `_` marks a parameter a signature requires or a property left out of a rest copy.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // A wrapper forwards a caught `unknown` rejection unchanged; inventing an Error would hide it.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Tracing must patch modules synchronously before they load, and only when it is on.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^@opentelemetry/', '^@fastify/otel$'] }],
    },
  },
  {
    ignores: TEST_FILES,
    rules: {
      // Connections keep their statements prepared (packages/shared/src/db/prepared-statements.ts):
      // a column a migration adds would change what a prepared `SELECT *` returns, and PostgreSQL
      // then refuses to run it ("cached plan must not change result type").
      'no-restricted-syntax': [
        'error',
        ...['TemplateElement[value.raw=/(SELECT|RETURNING)\\s+\\*/i]', 'Literal[value=/(SELECT|RETURNING)\\s+\\*/i]'].map((selector) => ({
          selector,
          message: 'Name the columns: a prepared statement must return the same columns after a migration adds one.',
        })),
      ],
    },
  },
  {
    files: TEST_FILES,
    rules: {
      // Tests read untyped JSON bodies (`response.json()`) and broker payloads to assert on them.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // `expect(fake.method).toHaveBeenCalled()` hands Jest a method without its object, by design.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);

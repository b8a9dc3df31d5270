import type { AuthClient } from '../../src/auth-client';

type Method = keyof AuthClient;

const METHODS: Method[] = ['Register', 'Login', 'Refresh', 'Logout', 'GetUser', 'SetUserRole', 'GetPublicKeys'];

/** An auth client whose methods are jest mocks; any call a test did not set up fails loudly. */
export function fakeAuth(overrides: Partial<AuthClient> = {}): jest.Mocked<AuthClient> {
  const fake: Partial<Record<Method, jest.Mock>> = {};
  for (const method of METHODS) {
    const implementation = overrides[method] ?? (() => Promise.reject(new Error(`unexpected auth.${method} call`)));
    fake[method] = jest.fn(implementation as (...args: unknown[]) => Promise<unknown>);
  }
  return fake as jest.Mocked<AuthClient>;
}

import { parseRole } from './role';

describe('parseRole', () => {
  it.each(['customer', 'organizer', 'admin'] as const)('accepts %s', (role) => {
    expect(parseRole(role)).toBe(role);
  });

  it.each(['', 'Admin', 'ADMIN', ' admin', 'superuser', 'toString', '__proto__'])('rejects %j', (value) => {
    expect(parseRole(value)).toBeUndefined();
  });
});

import { emailProblem, normalizeEmail } from './email';

describe('normalizeEmail', () => {
  it('trims surrounding whitespace and keeps the letter case', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM \n')).toBe('Ada.Lovelace@Example.COM');
  });
});

describe('emailProblem', () => {
  it.each(['a@b.co', 'first.last+tag@sub.example.org', "o'brien@example.ie", `${'x'.repeat(64)}@example.com`])('accepts %s', (email) => {
    expect(emailProblem(email)).toBeUndefined();
  });

  it.each([
    ['', 'is required'],
    ['plainaddress', 'must be a valid email address'],
    ['@example.com', 'must be a valid email address'],
    ['a@localhost', 'must be a valid email address'],
    ['a b@example.com', 'must be a valid email address'],
    ['a@b@example.com', 'must be a valid email address'],
    ['a@-example.com', 'must be a valid email address'],
    ['a@example..com', 'must be a valid email address'],
    [`${'x'.repeat(65)}@example.com`, 'must be a valid email address'],
  ])('rejects %j', (email, message) => {
    expect(emailProblem(email)).toBe(message);
  });

  it('rejects an address longer than 254 characters', () => {
    const domain = `${Array.from({ length: 5 }, () => 'd'.repeat(60)).join('.')}.com`;
    const email = `user@${domain}`;
    expect(email.length).toBeGreaterThan(254);
    expect(emailProblem(email)).toBe('must be at most 254 characters');
  });
});

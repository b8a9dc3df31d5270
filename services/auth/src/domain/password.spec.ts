import { passwordByteLength, passwordProblem } from './password';

describe('passwordProblem', () => {
  it('accepts 8 to 72 bytes', () => {
    expect(passwordProblem('a'.repeat(8))).toBeUndefined();
    expect(passwordProblem('a'.repeat(72))).toBeUndefined();
  });

  it('rejects fewer than 8 bytes and more than 72', () => {
    expect(passwordProblem('a'.repeat(7))).toBe('must be at least 8 bytes');
    expect(passwordProblem('a'.repeat(73))).toBe('must be at most 72 bytes (UTF-8)');
  });

  it('counts UTF-8 bytes, not characters, at the 72-byte edge', () => {
    // 'é' is 2 bytes: 36 of them are 72 bytes, one more ASCII letter is 73 in only 37 characters.
    const atLimit = 'é'.repeat(36);
    const overLimit = `${atLimit}a`;
    expect(atLimit.length).toBe(36);
    expect(passwordByteLength(atLimit)).toBe(72);
    expect(passwordProblem(atLimit)).toBeUndefined();
    expect(overLimit.length).toBe(37);
    expect(passwordProblem(overLimit)).toBe('must be at most 72 bytes (UTF-8)');
  });

  it('counts a 4-byte emoji as 4 bytes, so two of them are already 8', () => {
    expect(passwordByteLength('🎟')).toBe(4);
    expect(passwordProblem('🎟🎟')).toBeUndefined();
    expect(passwordProblem('🎟abc')).toBe('must be at least 8 bytes');
  });

  it('does not trim: spaces are part of the password', () => {
    expect(passwordProblem('   ab   ')).toBeUndefined();
  });
});

import { SINGLE_LINE_TEXT_MESSAGE } from '@ticres/shared/limits';
import { nameProblem, normalizeName } from './name';

describe('name rules', () => {
  it('trims surrounding whitespace', () => {
    expect(normalizeName('  Grace Hopper\t')).toBe('Grace Hopper');
  });

  it('requires at least one character after trimming', () => {
    expect(nameProblem(normalizeName('   '))).toBe('is required');
    expect(nameProblem('G')).toBeUndefined();
  });

  it('allows 100 characters and refuses 101', () => {
    expect(nameProblem('n'.repeat(100))).toBeUndefined();
    expect(nameProblem('n'.repeat(101))).toBe('must be at most 100 characters');
  });

  it.each(['\u0000', '\n', '\r', '\u0085', '\u2028', '\u2029'])('refuses %j: control characters and line breaks', (control) => {
    expect(nameProblem(`A${control}B`)).toBe(SINGLE_LINE_TEXT_MESSAGE);
  });

  it('counts characters, not UTF-16 units', () => {
    // 100 emoji are 200 UTF-16 units but 100 characters.
    expect(nameProblem('🎟'.repeat(100))).toBeUndefined();
    expect(nameProblem('🎟'.repeat(101))).toBe('must be at most 100 characters');
  });
});

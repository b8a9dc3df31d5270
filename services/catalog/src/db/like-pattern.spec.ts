import { containsPattern } from './like-pattern';

describe('containsPattern', () => {
  it('wraps plain text in % to match it anywhere', () => {
    expect(containsPattern('jazz')).toBe('%jazz%');
  });

  it('escapes %, _ and the escape character so they match themselves', () => {
    expect(containsPattern('50%')).toBe('%50\\%%');
    expect(containsPattern('a_b')).toBe('%a\\_b%');
    expect(containsPattern('c:\\dir')).toBe('%c:\\\\dir%');
    expect(containsPattern('%_\\')).toBe('%\\%\\_\\\\%');
  });

  it('leaves other punctuation alone', () => {
    expect(containsPattern("rock'n'roll [live] (2030)")).toBe("%rock'n'roll [live] (2030)%");
  });
});

import { multiLineTextProblem, singleLineTextProblem } from './text';

const CONTROLS = ['\r', '\n', '\u0000', '\t', '\u001b', '\u007f', '\u0085', '\u009f', '\u2028', '\u2029'];

describe('free-text rules', () => {
  it('accepts ordinary single-line text, accents and emoji included', () => {
    expect(singleLineTextProblem('Café Ütopia – 🎸 Live!')).toBeUndefined();
  });

  it.each(CONTROLS.map((c) => [JSON.stringify(c), c]))('refuses %s in single-line text', (_name, control) => {
    expect(singleLineTextProblem(`Rock${control}Bcc: x@evil.test`)).toBeDefined();
  });

  it('lets multi-line text break lines with LF only', () => {
    expect(multiLineTextProblem('Doors 19:00\nShow 20:00')).toBeUndefined();
    for (const control of CONTROLS.filter((c) => c !== '\n')) expect(multiLineTextProblem(`a${control}b`)).toBeDefined();
  });
});

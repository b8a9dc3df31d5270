import fc from 'fast-check';

/**
 * Put into many fuzzed strings so that an error answer repeating any of them is caught: no 4xx
 * or gRPC error may contain it (an answer names bad fields, never their values).
 */
export const ECHO_MARK = 'fzEcho7q';

/** JSON text written as is: numbers JSON.stringify cannot produce (`1e400`, `-0`), deep nesting. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of `value`, with each RawJson written verbatim. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([key, member]) => `${JSON.stringify(key)}:${toJsonText(member)}`);
    return `{${members.join(',')}}`;
  }
  // undefined (an absent member) and non-finite numbers become null, as in JSON.stringify.
  return JSON.stringify(value) ?? 'null';
}

/** Characters that must never reach a single-line field, a log line or a database unrefused. */
const CONTROL_CHARACTERS = ['\u0000', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\u202e', '\ud800', '\udfff'];

/** Texts that parsers, coercion and SQL have tripped over elsewhere. */
const TRICKY_TEXTS = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e400',
  '-0',
  '0x10',
  '1_000',
  '١٢',
  'null',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'toString',
  '../../etc/passwd',
  "' OR 1=1 --",
  '%',
  '%00',
  '%zz',
  '\\',
  '\\u0000',
  '*',
  '_%',
  'a:*',
  '!',
  '&|',
  '(',
  "'",
  '"',
  '😀',
  'Ω',
  'İ',
  'ß',
  'ﬃ',
  '0000-00-00',
  '+275760-09-13T00:00:00Z',
  'now',
  '9999-12-31T23:59:59Z',
  '1970-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  'PT1H',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

/** Numerals as the text of a query or header value, or inside a string field. */
export const NUMERAL_TEXTS = [
  '0',
  '1',
  '-1',
  '2',
  '100',
  '101',
  '10000',
  '10001',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '9223372036854775808',
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '0.5',
  '1.0',
  '1e2',
  ' 2',
  '2 ',
  '+2',
  '0x10',
  '0b1',
  '1_0',
  'Infinity',
  '-Infinity',
  'NaN',
  '',
  '١',
];

const withMark = (text: string) => `${ECHO_MARK}${text}`;

/** A line of text with one control character somewhere in it. */
const withControl = fc
  .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...CONTROL_CHARACTERS), fc.string({ maxLength: 10 }))
  .map(([before, control, after]) => withMark(`${before}${control}${after}`));

/** Long texts, around and past the limits (100 in a path segment, 255, 65 536 in a body). */
const longText = fc
  .tuple(fc.constantFrom(51, 73, 101, 256, 513, 1_001, 5_000, 70_000), fc.string({ minLength: 1, maxLength: 3 }))
  .map(([length, unit]) => withMark(unit.repeat(Math.ceil(length / unit.length)).slice(0, length)));

/** Strings of every kind a client could send, often carrying ECHO_MARK. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...TRICKY_TEXTS, ...NUMERAL_TEXTS),
  fc.string({ maxLength: 20 }).map(withMark),
  fc.string({ unit: 'binary', maxLength: 20 }).map(withMark),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  withControl,
  longText,
);

/** Numbers out of every range, in JSON text JSON.stringify could not write. */
export const hostileNumber: fc.Arbitrary<number | RawJson> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e21, Number.MAX_VALUE, Number.MIN_VALUE, 0.1),
  fc
    .constantFrom('1e400', '-1e400', '-0', '1e-400', '123456789012345678901234567890', '9223372036854775808', '1E2', '0.0', '1.0000000000000000001')
    .map((text) => new RawJson(text)),
);

/** Arrays or objects nested thousands deep. */
const deepNesting = fc
  .tuple(fc.integer({ min: 100, max: 8_000 }), fc.boolean())
  .map(([depth, arrays]) => new RawJson(arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

/**
 * Member and parameter names: never marked, since a 400 names an unknown property by its name
 * (docs/security/http-edges.md), which is a field's name, not a value.
 */
export const hostileKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', '', '$ref', 'a.b', 'id'));

const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));

/** Any JSON value at all: wrong types for every field, nested, deep. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    hostileLeaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
    deepNesting,
  ),
})).value;

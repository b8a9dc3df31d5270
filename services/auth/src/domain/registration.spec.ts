import { AppError } from '@ticres/shared';
import { parseRegistration } from './registration';

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('parseRegistration', () => {
  it('returns the normalised name and email and the password untouched', () => {
    expect(parseRegistration({ name: ' Ada ', email: ' Ada@Example.com ', password: ' secret pass ' })).toEqual({
      name: 'Ada',
      email: 'Ada@Example.com',
      password: ' secret pass ',
    });
  });

  it('lists every bad field at once', () => {
    const error = failure(() => parseRegistration({ name: ' ', email: 'nope', password: 'short' }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields).toEqual([
      { field: 'name', message: 'is required' },
      { field: 'email', message: 'must be a valid email address' },
      { field: 'password', message: 'must be at least 8 bytes' },
    ]);
  });

  it('names only the bad field when the others are fine', () => {
    const error = failure(() => parseRegistration({ name: 'Ada', email: 'ada@example.com', password: 'x'.repeat(73) }));
    expect(error.fields.map((f) => f.field)).toEqual(['password']);
  });
});

import { AppError } from '@ticres/shared';

/** The AppError `run` throws; fails the test when it throws nothing or something else. */
export function failureOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** The AppError `promise` rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome instanceof AppError) return outcome;
  throw new Error(`expected an AppError, got ${String(outcome)}`);
}

/** The fields a VALIDATION_FAILED names, in order. */
export const fieldsOf = (error: AppError): string[] => error.fields.map((field) => field.field);

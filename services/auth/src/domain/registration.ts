import { validationError, type FieldError } from '@ticres/shared';
import { emailProblem, normalizeEmail } from './email';
import { nameProblem, normalizeName } from './name';
import { passwordProblem } from './password';

export interface RegistrationInput {
  name: string;
  email: string;
  password: string;
}

/**
 * Normalises a sign-up and checks every field, so the caller learns all its mistakes at once.
 * Throws VALIDATION_FAILED listing each bad field.
 */
export function parseRegistration(input: RegistrationInput): RegistrationInput {
  const name = normalizeName(input.name);
  const email = normalizeEmail(input.email);
  const problems: FieldError[] = [];
  const check = (field: string, message: string | undefined) => {
    if (message) problems.push({ field, message });
  };
  check('name', nameProblem(name));
  check('email', emailProblem(email));
  check('password', passwordProblem(input.password));
  if (problems.length > 0) throw validationError(problems);
  return { name, email, password: input.password };
}

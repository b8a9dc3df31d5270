import { AppError } from '@ticres/shared';

export const emailTaken = (): AppError => new AppError('EMAIL_TAKEN', 'An account with this email already exists.');

/** One message for an unknown email and a wrong password, so neither reveals which it was. */
export const invalidCredentials = (): AppError => new AppError('INVALID_CREDENTIALS', 'The email or password is wrong.');

export const refreshTokenInvalid = (): AppError => new AppError('REFRESH_TOKEN_INVALID', 'The refresh token is invalid, expired or revoked.');

export const userNotFound = (): AppError => new AppError('NOT_FOUND', 'No such user.');

/** One answer for an unknown service and a wrong secret. */
export const serviceCredentialsInvalid = (): AppError => new AppError('UNAUTHENTICATED', 'The service name or secret is wrong.');

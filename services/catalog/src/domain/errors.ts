import { AppError } from '@ticres/shared';

export const eventNotFound = (): AppError => new AppError('NOT_FOUND', 'No such event.');

export const eventNotAvailable = (status: 'cancelled' | 'completed'): AppError =>
  new AppError('EVENT_NOT_AVAILABLE', status === 'cancelled' ? 'The event has been cancelled.' : 'The event has already taken place.');

export const notEventOrganizer = (): AppError => new AppError('FORBIDDEN', "Only the event's organizer or an admin may change it.");

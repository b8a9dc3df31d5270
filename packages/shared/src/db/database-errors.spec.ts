import { isDatabaseUnavailable, isDataException } from './database-errors';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused (the server is down)', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['connection reset', withCode('ECONNRESET')],
    ['57P01 admin_shutdown (a restart terminated the session)', withCode('57P01', 'terminating connection due to administrator command')],
    ['57P02 crash_shutdown', withCode('57P02')],
    ['57P03 cannot_connect_now (the server is starting)', withCode('57P03', 'the database system is starting up')],
    ['53300 too_many_connections', withCode('53300')],
    ['08006 connection_failure', withCode('08006')],
    ['08001 sqlclient_unable_to_establish_sqlconnection', withCode('08001')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a connection that timed out', new Error('Connection terminated due to connection timeout')],
    ['a client whose connection broke', new Error('Client has encountered a connection error and is not queryable')],
    ['the pool’s connect timeout', new Error('timeout exceeded when trying to connect')],
    ['every address refused', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'all failed')],
    ['a wrapper around a refused connection', new Error('could not load', { cause: withCode('ECONNREFUSED') })],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a data exception', withCode('22P02')],
    ['a syntax error (a bug)', withCode('42601')],
    ['a statement timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['a serialization failure', withCode('40001')],
    ['a plain error', new Error('boom')],
    ['something with a code but no message', { code: 'ECONNREFUSED' }],
    ['nothing', undefined],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('isDataException', () => {
  it('is true for SQLSTATE class 22 only', () => {
    expect(isDataException(withCode('22P02'))).toBe(true);
    expect(isDataException(withCode('22021'))).toBe(true);
    expect(isDataException(withCode('23505'))).toBe(false);
    expect(isDataException(withCode('22'))).toBe(false);
    expect(isDataException(new Error('22P02'))).toBe(false);
  });
});

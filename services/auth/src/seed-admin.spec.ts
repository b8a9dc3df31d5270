import { AppError } from '@ticres/shared';
import type { User, UserCredentials } from './domain/user';
import { ensureAdmin, type EnsureAdminPorts } from './seed-admin';

const ACCOUNT = { name: 'TicRes Admin', email: 'admin@ticres.com', password: 'admin123' };
const AT = new Date('2026-01-02T03:04:05Z');

const user = (role: User['role']): User => ({
  id: '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a69',
  name: 'TicRes Admin',
  email: 'admin@ticres.com',
  role,
  createdAt: AT,
  tokenVersion: 0,
});

function ports(registerUser: EnsureAdminPorts['registerUser'] = async () => user('customer')) {
  const findCredentialsByEmail = jest.fn(async (): Promise<UserCredentials | undefined> => undefined);
  const updateRole = jest.fn(async (_id: string, role: User['role']) => user(role));
  return {
    registerUser: jest.fn(registerUser),
    users: { findCredentialsByEmail, updateRole },
    now: () => AT,
  };
}

const emailTaken = () => Promise.reject(new AppError('EMAIL_TAKEN', 'taken'));

describe('ensureAdmin', () => {
  it('registers the account, then promotes it', async () => {
    const sut = ports();
    expect(await ensureAdmin(sut, ACCOUNT)).toEqual({ user: user('admin'), outcome: 'created' });
    expect(sut.registerUser).toHaveBeenCalledWith(ACCOUNT);
    expect(sut.users.updateRole).toHaveBeenCalledWith(user('customer').id, 'admin', AT);
  });

  it('promotes an existing customer, leaving its password alone', async () => {
    const sut = ports(emailTaken);
    sut.users.findCredentialsByEmail.mockResolvedValue({ ...user('customer'), passwordHash: '$2b$12$hash' });
    expect(await ensureAdmin(sut, ACCOUNT)).toEqual({ user: user('admin'), outcome: 'promoted' });
    expect(sut.users.findCredentialsByEmail).toHaveBeenCalledWith('admin@ticres.com');
  });

  it('changes nothing for an existing admin', async () => {
    const sut = ports(emailTaken);
    sut.users.findCredentialsByEmail.mockResolvedValue({ ...user('admin'), passwordHash: '$2b$12$hash' });
    // The hash stays inside: the result is the plain user.
    expect(await ensureAdmin(sut, ACCOUNT)).toEqual({ user: user('admin'), outcome: 'unchanged' });
    expect(sut.users.updateRole).not.toHaveBeenCalled();
  });

  it('fails on a password the policy refuses instead of creating a weak admin', async () => {
    const refused = new AppError('VALIDATION_FAILED', 'bad', [{ field: 'password', message: 'too short' }]);
    const sut = ports(() => Promise.reject(refused));
    await expect(ensureAdmin(sut, { ...ACCOUNT, password: 'short' })).rejects.toBe(refused);
    expect(sut.users.updateRole).not.toHaveBeenCalled();
  });
});

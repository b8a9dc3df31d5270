import bcrypt from 'bcrypt';
import { createBcryptPasswordHasher } from './bcrypt-password-hasher';

describe('bcrypt password hasher', () => {
  const sut = createBcryptPasswordHasher(5);

  it('hashes at the configured cost and verifies only the right password', async () => {
    const hash = await sut.hash('correct horse');
    expect(bcrypt.getRounds(hash)).toBe(5);
    await expect(sut.verify('correct horse', hash)).resolves.toBe(true);
    await expect(sut.verify('wrong horse', hash)).resolves.toBe(false);
  });

  it('makes the dummy hash at the same cost, so an unknown email costs as much as a wrong password', async () => {
    expect(bcrypt.getRounds(await sut.dummyHash())).toBe(5);
  });
});

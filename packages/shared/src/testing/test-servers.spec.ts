import { chooseTestServers } from './test-servers';

describe('chooseTestServers', () => {
  const docker = (answers: boolean) => jest.fn(async () => answers);

  it('uses the URLs given in the environment, without asking Docker', async () => {
    const dockerAnswers = docker(true);
    await expect(chooseTestServers({ TEST_REDIS_URL: 'redis://10.0.0.5:6379' }, dockerAnswers)).resolves.toBe('environment');
    await expect(chooseTestServers({ TEST_DATABASE_ADMIN_URL: 'postgres://db/postgres' }, dockerAnswers)).resolves.toBe('environment');
    await expect(chooseTestServers({ TEST_AMQP_URL: 'amqp://broker' }, dockerAnswers)).resolves.toBe('environment');
    expect(dockerAnswers).not.toHaveBeenCalled();
  });

  it('starts containers when no URL is given and a Docker engine answers', async () => {
    await expect(chooseTestServers({}, docker(true))).resolves.toBe('containers');
  });

  it("uses this machine's servers when no URL is given and no Docker engine answers", async () => {
    await expect(chooseTestServers({}, docker(false))).resolves.toBe('local');
  });

  it('lets TEST_SERVERS force local servers or containers, but not over given URLs', async () => {
    await expect(chooseTestServers({ TEST_SERVERS: 'local' }, docker(true))).resolves.toBe('local');
    await expect(chooseTestServers({ TEST_SERVERS: 'containers' }, docker(false))).resolves.toBe('containers');
    await expect(chooseTestServers({ TEST_SERVERS: 'local', TEST_AMQP_URL: 'amqp://broker' }, docker(false))).resolves.toBe('environment');
  });

  it('treats an empty variable as not given', async () => {
    await expect(chooseTestServers({ TEST_REDIS_URL: '' }, docker(false))).resolves.toBe('local');
  });
});

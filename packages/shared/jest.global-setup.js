/**
 * Jest's global setup for every package (see jest.preset.js): decides where the tests' PostgreSQL,
 * Redis and RabbitMQ come from (chooseTestServers) and, for containers, starts them and hands their
 * URLs to the test workers through the environment. Runs the built code, so every package with Jest
 * tests depends on @ticres/shared (turbo builds it before their `test`).
 */
const { chooseTestServers, dockerEngineAnswers, startTestContainers } = require('./dist/testing');

module.exports = async function setUpTestServers() {
  const source = await chooseTestServers(process.env, dockerEngineAnswers);
  if (source !== 'containers') return;
  const containers = await startTestContainers();
  Object.assign(process.env, containers.environment);
  globalThis.ticresTestContainers = containers;
};

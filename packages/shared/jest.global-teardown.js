/** Stops the containers jest.global-setup.js started, if it started any. */
module.exports = async function tearDownTestServers() {
  await globalThis.ticresTestContainers?.stop();
};

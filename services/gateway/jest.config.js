const preset = require('../../jest.preset.js');

// light-my-request (behind Fastify's `inject`) requires `cookie` 2, which ships ESM only; Jest's
// module loader cannot require ESM on Node 20, so that one package is compiled to CommonJS too.
const ESM_ONLY = ['cookie'];
const esmOnly = `node_modules/\\.pnpm/(?:${ESM_ONLY.join('|')})@`;

module.exports = {
  ...preset,
  displayName: 'gateway',
  transform: {
    ...preset.transform,
    [`${esmOnly}.+\\.js$`]: ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`^(?!.*${esmOnly}).*/node_modules/`],
};

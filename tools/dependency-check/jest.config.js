module.exports = { ...require('../../jest.preset.js'), displayName: 'dependency-check' };

import { divergingRanges, lockedVersions, mixedOpenTelemetry } from './dependency-check';

describe('divergingRanges', () => {
  it('names a dependency asked for with two ranges, and who asks for each', () => {
    const found = divergingRanges([
      { name: 'a', dependencies: { pg: '^8.16.0', zod: 'catalog:' } },
      { name: 'b', devDependencies: { pg: '^8.23.1', zod: 'catalog:' } },
      { name: 'c', dependencies: { pg: '^8.16.0' } },
    ]);
    expect(found).toEqual([{ dependency: 'pg', ranges: { '^8.16.0': ['a', 'c'], '^8.23.1': ['b'] } }]);
  });

  it('finds nothing when every package asks for the same range', () => {
    expect(
      divergingRanges([
        { name: 'a', dependencies: { pg: 'catalog:' } },
        { name: 'b', peerDependencies: { pg: 'catalog:' } },
      ]),
    ).toEqual([]);
  });
});

const LOCKFILE = `lockfileVersion: '9.0'

importers:

  .:
    devDependencies:
      '@opentelemetry/core':
        specifier: 2.12.0

packages:

  '@opentelemetry/api-logs@0.223.1':
    resolution: {integrity: sha512-a}

  '@opentelemetry/core@2.12.0':
    resolution: {integrity: sha512-b}

  '@opentelemetry/core@2.12.1':
    resolution: {integrity: sha512-c}

  '@opentelemetry/sdk-node@0.223.0(@opentelemetry/api@1.9.0)':
    resolution: {integrity: sha512-d}

  pg@8.23.1:
    resolution: {integrity: sha512-e}

snapshots:

  '@opentelemetry/core@2.99.0':
    dependencies: {}
`;

describe('lockedVersions', () => {
  it('reads each package of the packages section with its versions, peers stripped', () => {
    const versions = lockedVersions(LOCKFILE);
    expect(versions.get('@opentelemetry/core')).toEqual(new Set(['2.12.0', '2.12.1']));
    expect(versions.get('@opentelemetry/sdk-node')).toEqual(new Set(['0.223.0']));
    expect(versions.get('pg')).toEqual(new Set(['8.23.1']));
  });
});

describe('mixedOpenTelemetry', () => {
  it('names the OpenTelemetry packages installed twice', () => {
    expect(mixedOpenTelemetry(LOCKFILE)).toEqual({ '@opentelemetry/core': ['2.12.0', '2.12.1'] });
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { divergingRanges, mixedOpenTelemetry, type Manifest } from '../src/dependency-check';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** The folders pnpm-workspace.yaml lists under `packages:` (`dir/*` is each folder in dir). */
function workspaceFolders(): string[] {
  const list = /^packages:\n((?:\s+-\s+\S+\n)+)/m.exec(read('pnpm-workspace.yaml'))![1]!;
  return [...list.matchAll(/-\s+(\S+)/g)].flatMap(([, glob]) =>
    glob!.endsWith('/*')
      ? readdirSync(path.join(ROOT, glob!.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => path.join(glob!.slice(0, -2), entry.name))
      : [glob!],
  );
}

const manifests = (): Manifest[] => ['.', ...workspaceFolders()].map((folder) => JSON.parse(read(path.join(folder, 'package.json'))) as Manifest);

describe('this workspace', () => {
  it('asks for each dependency with one range everywhere', () => {
    const all = manifests();
    expect(all.map((manifest) => manifest.name)).toEqual(expect.arrayContaining(['ticres', '@ticres/shared', '@ticres/gateway']));
    expect(divergingRanges(all)).toEqual([]);
  });

  it('installs one version of each OpenTelemetry package', () => {
    expect(mixedOpenTelemetry(read('pnpm-lock.yaml'))).toEqual({});
  });
});

/** A workspace package's manifest, as far as the check reads it. */
export interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** A dependency that two packages of the workspace ask for with different ranges. */
export interface DivergingRange {
  dependency: string;
  /** Each range, with the packages that use it. */
  ranges: Record<string, string[]>;
}

/** Every dependency named with more than one range across the manifests (`catalog:` is one range). */
export function divergingRanges(manifests: readonly Manifest[]): DivergingRange[] {
  const seen = new Map<string, Map<string, string[]>>();
  for (const manifest of manifests) {
    for (const section of [manifest.dependencies, manifest.devDependencies, manifest.peerDependencies]) {
      for (const [dependency, range] of Object.entries(section ?? {})) {
        const ranges = seen.get(dependency) ?? new Map<string, string[]>();
        ranges.set(range, [...(ranges.get(range) ?? []), manifest.name]);
        seen.set(dependency, ranges);
      }
    }
  }
  return [...seen]
    .filter(([, ranges]) => ranges.size > 1)
    .map(([dependency, ranges]) => ({ dependency, ranges: Object.fromEntries(ranges) }))
    .sort((a, b) => a.dependency.localeCompare(b.dependency));
}

/** `'@scope/name@1.2.3(peer@4)':` or `name@1.2.3:` as a key of the lockfile's `packages:` map. */
const LOCKED_PACKAGE = /^ {2}'?((?:@[^@/'\s]+\/)?[^@'\s]+)@([^(':\s]+)/;

/** The versions of each package the lockfile installs. */
export function lockedVersions(lockfile: string): Map<string, Set<string>> {
  const versions = new Map<string, Set<string>>();
  const start = lockfile.search(/^packages:$/m);
  if (start < 0) return versions;
  for (const line of lockfile.slice(start).split('\n').slice(1)) {
    if (/^\S/.test(line)) break; // the next top-level section
    const match = LOCKED_PACKAGE.exec(line);
    if (!match) continue;
    const [, name, version] = match as unknown as [string, string, string];
    versions.set(name, (versions.get(name) ?? new Set()).add(version));
  }
  return versions;
}

/** OpenTelemetry packages installed in more than one version: one release train means one each. */
export function mixedOpenTelemetry(lockfile: string): Record<string, string[]> {
  return Object.fromEntries(
    [...lockedVersions(lockfile)]
      .filter(([name, versions]) => name.startsWith('@opentelemetry/') && versions.size > 1)
      .map(([name, versions]) => [name, [...versions].sort()]),
  );
}

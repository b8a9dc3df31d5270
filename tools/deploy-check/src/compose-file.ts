import { parse } from 'yaml';
import { interpolateTree } from './interpolate';

type Scalar = string | number | boolean | null;

export interface ComposeBuild {
  context?: string;
  dockerfile?: string;
  target?: string;
  args?: Record<string, Scalar>;
}

export interface ComposeHealthcheck {
  test?: string[] | string;
}

export interface ComposeService {
  image?: string;
  build?: ComposeBuild | string;
  command?: string[] | string;
  environment?: Record<string, Scalar> | string[];
  env_file?: string | string[];
  ports?: (string | number | { published?: string | number; target?: number })[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: ComposeHealthcheck;
  restart?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** Parses compose YAML (anchors, aliases and `<<` merge keys resolved) and interpolates it. */
export function loadCompose(text: string, variables: ReadonlyMap<string, string>, problems: string[] = []): ComposeFile {
  return interpolateTree(parseComposeText(text), variables, problems);
}

/** Parses compose YAML without interpolation: `${...}` references stay as written. */
export function parseComposeText(text: string): ComposeFile {
  const parsed = parse(text, { merge: true }) as ComposeFile | null;
  if (!parsed?.services) throw new Error('not a compose file: no services');
  return parsed;
}

/** A service's environment as NAME -> string, whichever form the file uses. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const { environment } = service;
  if (!environment) return {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, value === null ? '' : String(value)]));
}

/** The services a service depends on, with the condition it waits for. */
export function dependenciesOf(service: ComposeService): Map<string, string> {
  const { depends_on: dependsOn } = service;
  if (!dependsOn) return new Map();
  if (Array.isArray(dependsOn)) return new Map(dependsOn.map((name) => [name, 'service_started']));
  return new Map(Object.entries(dependsOn).map(([name, { condition }]) => [name, condition ?? 'service_started']));
}

/** The host ports a service publishes. */
export function publishedPorts(service: ComposeService): number[] {
  return (service.ports ?? []).flatMap((port) => {
    if (typeof port === 'object') return port.published === undefined ? [] : [Number(port.published)];
    const parts = String(port).split('/')[0]!.split(':');
    // "target" alone publishes nothing fixed; "host:target" and "ip:host:target" do.
    return parts.length < 2 ? [] : [Number(parts[parts.length - 2])];
  });
}

/** The host paths a service bind-mounts (relative ones, as written). */
export function bindMountSources(service: ComposeService): string[] {
  return (service.volumes ?? []).flatMap((volume) => {
    if (typeof volume === 'object') return volume.type === 'bind' && volume.source ? [volume.source] : [];
    const source = volume.split(':')[0]!;
    return source.startsWith('.') || source.startsWith('/') ? [source] : [];
  });
}

export const buildOf = (service: ComposeService): ComposeBuild | undefined =>
  typeof service.build === 'string' ? { context: service.build } : service.build;

export const healthcheckText = (service: ComposeService): string => [service.healthcheck?.test ?? []].flat().join(' ');

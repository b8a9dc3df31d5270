import path from 'node:path';
import { parse } from 'yaml';
import { bindMountSources, buildOf, environmentOf, healthcheckText, publishedPorts, type ComposeFile } from './compose-file';
import { dockerfileProblems } from './dockerfile-checks';
import { variableReferences } from './interpolate';
import { readRepoFile, repoFileExists } from './repo';
import { SERVICE_CONFIGS } from './service-configs';

/** `name:tag` with a version of at least major.minor (`postgres:15.10-bookworm`, `prom/prometheus:v2.55.1`). */
const PINNED_IMAGE = /^[\w./-]+:v?\d+\.\d+(\.\d+)?(-[\w.]+)?$/;

/** A built script a command runs, and the source it is built from. */
const BUILT_SCRIPT = /(?:node_modules\/@ticres\/shared|packages\/shared|services\/[\w-]+|tools\/[\w-]+)\/dist\/[\w/.-]+\.js/g;

function sourceOfBuiltScript(script: string): string {
  const withPackage = script.replace(/^node_modules\/@ticres\/shared\//, 'packages/shared/');
  return withPackage.replace('/dist/', '/src/').replace(/\.js$/, '.ts');
}

/** Every file the compose file refers to exists: bind mounts, env files, build contexts, Dockerfiles and their stages, build args, scripts. */
export function checkReferencedFiles(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const missing = (service: string, what: string, file: string) => {
    if (!repoFileExists(file)) problems.push(`${service}: ${what} ${file} does not exist`);
  };
  for (const [name, service] of Object.entries(compose.services)) {
    for (const source of bindMountSources(service)) missing(name, 'mounted', source);
    for (const file of [service.env_file ?? []].flat()) missing(name, 'env file', file);
    const build = buildOf(service);
    if (build) {
      const context = build.context ?? '.';
      const dockerfile = path.join(context, build.dockerfile ?? 'Dockerfile');
      missing(name, 'build context', context);
      missing(name, 'Dockerfile', dockerfile);
      if (repoFileExists(dockerfile)) problems.push(...dockerfileProblems(dockerfile, build).map((problem) => `${name}: ${problem}`));
    }
    const commands = [[service.command ?? []].flat().join(' '), healthcheckText(service)].join(' ');
    for (const script of commands.match(BUILT_SCRIPT) ?? []) missing(name, `${script} is built from`, sourceOfBuiltScript(script));
  }
  return problems;
}

/** Every image runs a pinned version, never a floating tag. */
export function checkPinnedImages(compose: ComposeFile): string[] {
  return Object.entries(compose.services)
    .filter(([, service]) => service.image !== undefined && !PINNED_IMAGE.test(service.image))
    .map(([name, service]) => `${name}: image ${service.image} is not pinned to a version (name:major.minor[.patch])`);
}

/** No two services publish the same host port. */
export function checkPublishedPorts(compose: ComposeFile): string[] {
  const owners = new Map<number, string>();
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    for (const port of publishedPorts(service)) {
      const owner = owners.get(port);
      if (owner) problems.push(`${name}: host port ${port} is already published by ${owner}`);
      else owners.set(port, name);
    }
  }
  return problems;
}

/** Every service says what happens when it stops: long-running ones come back, one-shots do not. */
export function checkRestartPolicies(compose: ComposeFile): string[] {
  return Object.entries(compose.services)
    .filter(([, service]) => !['no', 'always', 'unless-stopped', 'on-failure'].includes(service.restart ?? ''))
    .map(([name]) => `${name}: has no restart policy`);
}

/**
 * Secrets come from .env: every variable compose insists on is listed in .env.example, every
 * listed one is used, and no URL in the file carries a literal password.
 */
export function checkSecrets(rawCompose: ComposeFile, composeText: string, exampleVariables: ReadonlyMap<string, string>): string[] {
  const references = variableReferences(composeText);
  const problems = references
    .filter((reference) => reference.required && !exampleVariables.has(reference.name))
    .map((reference) => `.env.example does not list ${reference.name}, which docker-compose.yml requires`);
  const referenced = new Set(references.map((reference) => reference.name));
  problems.push(
    ...[...exampleVariables.keys()]
      .filter((name) => !referenced.has(name))
      .map((name) => `.env.example lists ${name}, which docker-compose.yml never uses`),
  );
  for (const [name, service] of Object.entries(rawCompose.services)) {
    for (const [variable, value] of Object.entries(environmentOf(service))) {
      const password = /^[a-z]+:\/\/[^:/@]+:([^@]*)@/.exec(value)?.[1];
      if (password !== undefined && !/^\$\{[A-Z0-9_]+[:?-][^}]*\}$/.test(password)) {
        problems.push(`${name}: ${variable} has a literal password; take it from .env`);
      }
    }
  }
  return problems;
}

/** Prometheus (its configuration, as mounted) scrapes every service at its compose name and METRICS_PORT. */
export function checkScrapeTargets(compose: ComposeFile): string[] {
  const mount = bindMountSources(compose.services.prometheus ?? {}).find((source) => source.endsWith('prometheus.yml'));
  if (!mount || !repoFileExists(mount)) return ['prometheus: no prometheus.yml is mounted'];
  const targets = new Set(
    JSON.stringify(parse(readRepoFile(mount)))
      .match(/"[\w.-]+:\d+"/g)
      ?.map((target) => target.slice(1, -1)),
  );
  return Object.keys(SERVICE_CONFIGS)
    .map((name) => `${name}:${environmentOf(compose.services[name] ?? {}).METRICS_PORT ?? '(unset)'}`)
    .filter((target) => !targets.has(target))
    .map((target) => `prometheus: ${mount} does not scrape ${target}`);
}

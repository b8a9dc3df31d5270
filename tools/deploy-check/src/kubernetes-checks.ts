import { addressOf } from './addresses';
import { migrationEnvironmentProblems } from './compose-service-checks';
import { quantityMiB, type Footprint } from './footprint';
import { containerOf, environmentOfContainer, find, selects, type Container, type Manifest, type Probe } from './kubernetes-manifests';
import { SERVICE_CONFIGS, type ServiceConfig } from './service-configs';
import { serviceEnvironmentProblems, type Network } from './service-environment-checks';

/** Headroom of a memory limit over the benchmark's peak RSS. */
export const MEMORY_LIMIT_HEADROOM = 1.15;

/** The services an on-sale loads, which scale with an HPA. */
export const AUTOSCALED = ['gateway', 'booking'] as const;

const portNumber = (container: Container, port: number | string | undefined): number | undefined =>
  typeof port === 'number' ? port : container.ports?.find((candidate) => candidate.name === port)?.containerPort;

/**
 * Each service's Deployment, Service and PodDisruptionBudget: probes that mean readiness and
 * liveness, requests and limits from the benchmark's footprint, a PDB and a Service that select
 * its pods and reach its ports.
 */
export function checkWorkloads(manifests: readonly Manifest[], footprints: ReadonlyMap<string, Footprint>): string[] {
  return Object.entries(SERVICE_CONFIGS).flatMap(([name, config]) => {
    const deployment = find(manifests, 'Deployment', name);
    const container = deployment && containerOf(deployment);
    if (!deployment || !container) return [`${name}: no Deployment with a container`];
    const labels = deployment.spec?.template?.metadata?.labels;
    const problems = [
      ...probeProblems(config, container, environmentOfContainer(manifests, container)),
      ...resourceProblems(container, footprints.get(name)),
    ];
    const budget = manifests.find((manifest) => manifest.kind === 'PodDisruptionBudget' && selects(manifest.spec?.selector?.matchLabels, labels));
    if (!budget) problems.push('no PodDisruptionBudget selects its pods');
    const service = find(manifests, 'Service', name);
    if (!service || !selects(service.spec?.selector, labels)) problems.push(`no Service ${name} selects its pods`);
    for (const port of service?.spec?.ports ?? []) {
      if (portNumber(container, port.targetPort ?? port.port) === undefined)
        problems.push(`Service port ${port.name ?? port.port} targets no container port`);
    }
    return problems.map((problem) => `${name}: ${problem}`);
  });
}

function probeProblems(config: ServiceConfig, container: Container, environment: Record<string, string>): string[] {
  const { readinessProbe: readiness, livenessProbe: liveness } = container;
  const problems: string[] = [];
  if ('grpc' in config.readiness) {
    const port = Number(addressOf(environment.GRPC_BIND ?? '').port);
    if (readiness?.grpc?.port !== port) problems.push(`readiness is not a grpc probe on its GRPC_BIND port ${port}`);
    if (!liveness) problems.push('no liveness probe');
    // grpc.health.v1 turns NOT_SERVING while the database is out of reach: as a liveness probe it
    // would restart every replica during a database outage.
    else if (liveness.grpc) problems.push('liveness asks grpc.health.v1, which fails on a dependency outage: restarts would not help');
    return problems;
  }
  const port = Number(environment[config.readiness.httpPortVariable]);
  const httpProbe = (probe: Probe | undefined, path: string, kind: string) => {
    if (probe?.httpGet?.path !== path || portNumber(container, probe.httpGet.port) !== port)
      problems.push(`${kind} is not GET ${path} on its port ${port}`);
  };
  httpProbe(readiness, '/readyz', 'readiness');
  httpProbe(liveness, '/healthz', 'liveness');
  return problems;
}

/** Requests cover what the benchmark saw it keep, limits its peak with headroom. */
function resourceProblems(container: Container, footprint: Footprint | undefined): string[] {
  const { requests = {}, limits = {} } = container.resources ?? {};
  const problems = [
    ...(['cpu', 'memory'] as const).filter((resource) => requests[resource] === undefined).map((resource) => `no ${resource} request`),
    ...(['cpu', 'memory'] as const).filter((resource) => limits[resource] === undefined).map((resource) => `no ${resource} limit`),
  ];
  if (!footprint) return [...problems, 'the benchmark report has no footprint for it'];
  if (limits.memory !== undefined && quantityMiB(limits.memory) < footprint.peakMiB * MEMORY_LIMIT_HEADROOM) {
    problems.push(`memory limit ${limits.memory} is under ${MEMORY_LIMIT_HEADROOM} x its measured peak RSS (${footprint.peakMiB} MiB)`);
  }
  if (requests.memory !== undefined && quantityMiB(requests.memory) < footprint.endMiB) {
    problems.push(`memory request ${requests.memory} is under the RSS it kept (${footprint.endMiB} MiB)`);
  }
  return problems;
}

/** The gateway and booking scale with an HPA on their Deployment, which leaves the replica count to it. */
export function checkAutoscalers(manifests: readonly Manifest[]): string[] {
  return AUTOSCALED.flatMap((name) => {
    const autoscaler = manifests.find((manifest) => manifest.kind === 'HorizontalPodAutoscaler' && manifest.spec?.scaleTargetRef?.name === name);
    if (autoscaler?.spec?.scaleTargetRef?.kind !== 'Deployment') return [`${name}: no HorizontalPodAutoscaler scales its Deployment`];
    const problems: string[] = [];
    const { minReplicas = 0, maxReplicas = 0 } = autoscaler.spec;
    if (!(minReplicas >= 1 && minReplicas <= maxReplicas)) problems.push('HPA needs 1 <= minReplicas <= maxReplicas');
    if (find(manifests, 'Deployment', name)?.spec?.replicas !== undefined)
      problems.push('its Deployment fixes replicas, which every apply would reset under the HPA');
    return problems.map((problem) => `${name}: ${problem}`);
  });
}

/** Services reach each other through Kubernetes Services; a gRPC one answers on its port named grpc. */
function clusterNetwork(manifests: readonly Manifest[]): Network {
  return {
    knows: (host) => find(manifests, 'Service', host) !== undefined,
    grpcPortOf: (host) =>
      find(manifests, 'Service', host)
        ?.spec?.ports?.find((port) => port.name === 'grpc')
        ?.port?.toString(),
  };
}

/** Each Deployment's environment (ConfigMaps and Secrets) against its service's config schema. */
export function checkEnvironments(manifests: readonly Manifest[]): string[] {
  const network = clusterNetwork(manifests);
  return Object.entries(SERVICE_CONFIGS).flatMap(([name, config]) => {
    const container = containerOf(find(manifests, 'Deployment', name) ?? ({} as Manifest));
    return container ? serviceEnvironmentProblems(name, config, environmentOfContainer(manifests, container), network) : [`${name}: no Deployment`];
  });
}

/** The migration Job runs the migrate image with the superuser URL and the roles the services log in as. */
export function checkMigrationJob(manifests: readonly Manifest[]): string[] {
  const job = manifests.find((manifest) => manifest.kind === 'Job' && containerOf(manifest)?.image?.startsWith('ticres/migrate'));
  const container = job && containerOf(job);
  if (!container) return ['no Job runs the ticres/migrate image'];
  const databaseUrlOf = (service: string) => {
    const serviceContainer = containerOf(find(manifests, 'Deployment', service) ?? ({} as Manifest));
    return serviceContainer && environmentOfContainer(manifests, serviceContainer).DATABASE_URL;
  };
  return migrationEnvironmentProblems(environmentOfContainer(manifests, container), databaseUrlOf).map((problem) => `${job.metadata.name}: ${problem}`);
}

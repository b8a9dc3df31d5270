import { readFootprints } from '../src/footprint';
import { checkAutoscalers, checkEnvironments, checkMigrationJob, checkWorkloads } from '../src/kubernetes-checks';
import { containerOf, find, renderKustomization, type Manifest } from '../src/kubernetes-manifests';
import { schemaProblems } from '../src/kubernetes-schemas';

const footprints = readFootprints();
let base: Manifest[];
let local: Manifest[];

beforeAll(() => {
  base = renderKustomization('deploy/k8s/base');
  local = renderKustomization('deploy/k8s/overlays/local');
});

/** A deep copy of the local overlay's render, to break one thing in. */
const localCopy = (): Manifest[] => structuredClone(local);

describe('Kubernetes manifests (kustomize build of deploy/k8s)', () => {
  it('render, base and local overlay, into objects valid against the Kubernetes API schemas', () => {
    expect(local.map((manifest) => manifest.kind).sort()).toEqual(
      expect.arrayContaining(['Deployment', 'HorizontalPodAutoscaler', 'Job', 'Namespace', 'PodDisruptionBudget', 'Secret', 'Service']),
    );
    expect(schemaProblems(base)).toEqual([]);
    expect(schemaProblems(local)).toEqual([]);
  });

  it('schema validation reports a malformed object', () => {
    const broken = localCopy();
    containerOf(find(broken, 'Deployment', 'booking')!)!.ports![0]!.containerPort = 'grpc' as unknown as number;
    expect(schemaProblems(broken)).toEqual([expect.stringMatching(/^Deployment\/booking: .*containerPort must be integer/)]);
  });

  it('give every service probes, resources from the benchmark footprint, a PDB and a Service', () => {
    expect(checkWorkloads(base, footprints)).toEqual([]);
    expect(checkWorkloads(local, footprints)).toEqual([]);
  });

  it('name a missing readiness probe, liveness on grpc.health.v1, a memory limit under the footprint and a missing PDB', () => {
    const broken = localCopy();
    delete containerOf(find(broken, 'Deployment', 'booking')!)!.readinessProbe;
    containerOf(find(broken, 'Deployment', 'payment')!)!.livenessProbe = { grpc: { port: 50054 } };
    containerOf(find(broken, 'Deployment', 'gateway')!)!.resources!.limits!.memory = '256Mi';
    const withoutBudget = broken.filter((manifest) => !(manifest.kind === 'PodDisruptionBudget' && manifest.metadata.name === 'notifier'));
    expect(checkWorkloads(withoutBudget, footprints)).toEqual([
      `gateway: memory limit 256Mi is under 1.15 x its measured peak RSS (${footprints.get('gateway')!.peakMiB} MiB)`,
      'booking: readiness is not a grpc probe on its GRPC_BIND port 50053',
      'payment: liveness asks grpc.health.v1, which fails on a dependency outage: restarts would not help',
      'notifier: no PodDisruptionBudget selects its pods',
    ]);
  });

  it('scale the gateway and booking with HPAs that own their replica count', () => {
    expect(checkAutoscalers(base)).toEqual([]);
    expect(checkAutoscalers(local)).toEqual([]);
    const broken = localCopy().filter((manifest) => !(manifest.kind === 'HorizontalPodAutoscaler' && manifest.metadata.name === 'booking'));
    find(broken, 'Deployment', 'gateway')!.spec!.replicas = 3;
    expect(checkAutoscalers(broken)).toEqual([
      'gateway: its Deployment fixes replicas, which every apply would reset under the HPA',
      'booking: no HorizontalPodAutoscaler scales its Deployment',
    ]);
  });

  it('configure each service (ConfigMaps and the overlay Secrets) as its config schema requires, wired to the Services', () => {
    expect(checkEnvironments(local)).toEqual([]);
  });

  it('name a secret variable that is removed, and a service logging in as another broker user', () => {
    const broken = localCopy();
    const paymentSecret = broken.find((manifest) => manifest.kind === 'Secret' && manifest.metadata.name.startsWith('ticres-payment-'))!;
    delete paymentSecret.data!.PAYMENT_SERVICE_SECRET;
    const bookingSecret = broken.find((manifest) => manifest.kind === 'Secret' && manifest.metadata.name.startsWith('ticres-booking-'))!;
    bookingSecret.data!.AMQP_URL = Buffer.from('amqp://guest:guest@rabbitmq:5672').toString('base64');
    expect(checkEnvironments(broken)).toEqual([
      "booking: AMQP_URL logs in as guest, not the service's own broker user ticres-booking",
      'payment: PAYMENT_SERVICE_SECRET is required and not set',
      expect.stringMatching(/^payment: PAYMENT_SERVICE_SECRET: /),
    ]);
  });

  it('migrate in a Job holding the superuser URL and the roles the services log in as', () => {
    expect(checkMigrationJob(local)).toEqual([]);
    const broken = localCopy();
    const migrateSecret = broken.find((manifest) => manifest.kind === 'Secret' && manifest.metadata.name.startsWith('ticres-migrate-'))!;
    delete migrateSecret.data!.DATABASE_ADMIN_URL;
    expect(checkMigrationJob(broken)).toEqual(['ticres-migrate: DATABASE_ADMIN_URL is not set']);
  });
});

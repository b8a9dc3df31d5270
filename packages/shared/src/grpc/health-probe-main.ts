/**
 * A container health check for a gRPC service, where the runtime has no `grpc:` probe of its own
 * (docker-compose; Kubernetes uses its built-in one). Run inside the service's container:
 *
 *   node node_modules/@ticres/shared/dist/grpc/health-probe-main.js
 *
 * It asks the process's own `grpc.health.v1.Health/Check` for the server as a whole (`''`) on
 * loopback at GRPC_BIND's port, with the service's GRPC_TLS_* credentials, and exits 0 only when
 * the answer is SERVING: the same readiness the gateway's /readyz asks for.
 */
import { z } from 'zod';
import { env, exitOnConfigError, grpcTlsConfigShape, loadConfig } from '../config';
import { createGrpcHealthClient } from './health-client';
import { grpcTransport } from './transport';

const config = exitOnConfigError(() =>
  loadConfig({
    GRPC_BIND: env.hostPort(),
    HEALTH_PROBE_TIMEOUT_MS: env.int(100, 60_000).default(2_000),
    ...grpcTlsConfigShape,
  }),
);
const port = z.coerce.number().parse(config.GRPC_BIND.split(':').at(-1));
const client = createGrpcHealthClient(`127.0.0.1:${port}`, config.HEALTH_PROBE_TIMEOUT_MS, grpcTransport(config).channel);
client
  .check('')
  .then(
    (status) => {
      process.stdout.write(`${status}\n`);
      process.exitCode = status === 'SERVING' ? 0 : 1;
    },
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  )
  .finally(() => client.close());

import type { GrpcHealthClient } from '@ticres/shared';
import type { Redis } from 'ioredis';

/** One dependency; `check` rejects when it is down. */
export interface DependencyCheck {
  name: string;
  /**
   * False for a dependency the gateway can serve without (Redis: the revocation record, without
   * which access tokens pass on their signature alone): it being down makes the gateway `degraded`, still ready.
   */
  required: boolean;
  check(): Promise<void>;
}

export interface Readiness {
  checks: DependencyCheck[];
  /** True from the start of a graceful shutdown: load balancers must stop sending. */
  isShuttingDown(): boolean;
}

export function redisCheck(redis: Pick<Redis, 'ping'>): DependencyCheck {
  return {
    name: 'redis',
    required: false,
    async check() {
      await redis.ping();
    },
  };
}

/** Ready when the service's own `grpc.health.v1` Check answers SERVING. */
export function grpcServiceCheck(name: string, health: GrpcHealthClient, serviceName: string): DependencyCheck {
  return {
    name,
    required: true,
    async check() {
      const status = await health.check(serviceName);
      if (status !== 'SERVING') throw new Error(`${serviceName} is ${status}`);
    },
  };
}

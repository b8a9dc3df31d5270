import type { GrpcHealthClient } from '@ticres/shared';
import type { Redis } from 'ioredis';

/** One dependency the gateway cannot serve without; `check` rejects when it is down. */
export interface DependencyCheck {
  name: string;
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
    async check() {
      await redis.ping();
    },
  };
}

/** Ready when the service's own `grpc.health.v1` Check answers SERVING. */
export function grpcServiceCheck(name: string, health: GrpcHealthClient, serviceName: string): DependencyCheck {
  return {
    name,
    async check() {
      const status = await health.check(serviceName);
      if (status !== 'SERVING') throw new Error(`${serviceName} is ${status}`);
    },
  };
}

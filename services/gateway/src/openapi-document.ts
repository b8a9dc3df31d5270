import { createLogger } from '@ticres/shared';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from './app';
import { loadGatewayConfig } from './config';

export type OpenapiDocument = ReturnType<FastifyInstance['swagger']>;

/** Stands for a service while the document is built: building routes reads their schemas only. */
const noService = new Proxy(
  {},
  {
    get: (_target, name) =>
      // Not a promise, whatever asks.
      name === 'then'
        ? undefined
        : () => {
            throw new Error(`${String(name)} called while building the OpenAPI document`);
          },
  },
) as never;

/**
 * The gateway's OpenAPI document, exactly as `GET /openapi.json` serves it, from the app built over
 * no services: nothing listens and nothing is called.
 */
export async function buildOpenapiDocument(): Promise<OpenapiDocument> {
  const deps: AppDeps = {
    // The secret is required to start; building the document never asks auth for a token.
    config: loadGatewayConfig({ DOCS_ENABLED: 'true', NODE_ENV: 'test', GATEWAY_SERVICE_SECRET: 'unused-while-building-the-document' }),
    logger: createLogger({ service: 'gateway', level: 'silent' }),
    auth: noService,
    gatewayToken: noService,
    catalog: noService,
    booking: noService,
    payment: noService,
    verifier: noService,
    isRevoked: noService,
    readiness: { checks: [], isShuttingDown: () => false },
  };
  const app = await buildApp(deps);
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}

/** The document file's exact text: two-space JSON and a final newline. */
export const serializeDocument = (document: OpenapiDocument): string => `${JSON.stringify(document, null, 2)}\n`;

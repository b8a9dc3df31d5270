import type { ChannelCredentials } from '@grpc/grpc-js';
import { createGrpcClient, loadProto, type GrpcClient, type PromiseClient } from '@ticres/shared';
import type { CatalogProto, catalogV1 } from '@ticres/proto';

/** The catalog service as the routes see it: promise methods, deadline and token forwarding built in. */
export type CatalogClient = PromiseClient<catalogV1.CatalogServiceClient>;

export function createCatalogClient(address: string, deadlineMs: number, credentials?: ChannelCredentials): GrpcClient<catalogV1.CatalogServiceClient> {
  const proto = loadProto<CatalogProto>('catalog');
  return createGrpcClient(proto.ticres.catalog.v1.CatalogService, address, deadlineMs, credentials);
}

import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { ConfigError, type grpcTlsConfigShape } from '../config';

type GrpcTlsConfig = { [Name in keyof typeof grpcTlsConfigShape]?: string | undefined };

/** How this process talks gRPC: the same credentials for its server and all its clients. */
export interface GrpcTransport {
  server: grpc.ServerCredentials;
  channel: grpc.ChannelCredentials;
}

export const plaintextTransport = (): GrpcTransport => ({
  server: grpc.ServerCredentials.createInsecure(),
  channel: grpc.credentials.createInsecure(),
});

/** Mutual TLS from the three files, or plaintext when none is set; some but not all is an error. */
export function grpcTransport(config: GrpcTlsConfig): GrpcTransport {
  const { GRPC_TLS_CA_FILE: caFile, GRPC_TLS_CERT_FILE: certFile, GRPC_TLS_KEY_FILE: keyFile } = config;
  const given = [caFile, certFile, keyFile].filter((file) => file !== undefined).length;
  if (given === 0) return plaintextTransport();
  if (given < 3) throw new ConfigError(['GRPC_TLS_CA_FILE, GRPC_TLS_CERT_FILE, GRPC_TLS_KEY_FILE: set all three for mutual TLS, or none']);
  const [ca, cert, key] = [caFile!, certFile!, keyFile!].map((file) => readFileSync(file));
  return {
    server: grpc.ServerCredentials.createSsl(ca!, [{ cert_chain: cert!, private_key: key! }], true),
    channel: grpc.credentials.createSsl(ca, key, cert),
  };
}

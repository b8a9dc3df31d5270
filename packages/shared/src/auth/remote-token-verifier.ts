import type { ChannelCredentials } from '@grpc/grpc-js';
import type { AuthProto } from '@ticres/proto';
import { createGrpcClient } from '../grpc/client';
import { loadProto } from '../grpc/load';
import { createTokenVerifier, type TokenVerifier } from './token-verifier';

export interface RemoteTokenVerifierOptions {
  /** auth's gRPC address. */
  authUrl: string;
  deadlineMs: number;
  issuer: string;
  audience: string;
  /** Plaintext unless given (see `grpcTransport`). */
  credentials?: ChannelCredentials;
}

/**
 * How every service but auth verifies its callers: with the public keys auth serves over gRPC,
 * fetched when an unknown `kid` shows up. `close` ends the gRPC channel.
 */
export function connectTokenVerifier({ authUrl, deadlineMs, issuer, audience, credentials }: RemoteTokenVerifierOptions): {
  verifier: TokenVerifier;
  close: () => void;
} {
  const auth = createGrpcClient(loadProto<AuthProto>('auth').ticres.auth.v1.AuthService, authUrl, deadlineMs, credentials);
  const verifier = createTokenVerifier({
    issuer,
    audience,
    algorithm: 'EdDSA',
    loadKeys: async () => (await auth.call.GetPublicKeys({})).keys,
  });
  return { verifier, close: () => auth.close() };
}

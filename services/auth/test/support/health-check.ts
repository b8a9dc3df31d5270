import * as grpc from '@grpc/grpc-js';

/** grpc.health.v1.HealthCheckResponse.ServingStatus */
const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;
export type ServingStatus = (typeof SERVING_STATUS)[number];

// The two health messages are one field each, so they are encoded by hand rather than loading
// health.proto into a package that does not otherwise depend on it.
function encodeRequest(request: { service: string }): Buffer {
  const service = Buffer.from(request.service, 'utf8');
  if (service.length === 0) return Buffer.alloc(0);
  if (service.length > 127) throw new Error('service name too long for this encoder');
  return Buffer.concat([Buffer.from([0x0a, service.length]), service]);
}

function decodeResponse(bytes: Buffer): ServingStatus {
  // Field 1 (status), varint; absent means 0 (UNKNOWN).
  if (bytes.length === 0) return 'UNKNOWN';
  if (bytes[0] !== 0x08 || bytes.length < 2) throw new Error('unexpected HealthCheckResponse encoding');
  return SERVING_STATUS[bytes[1] ?? 0] ?? 'UNKNOWN';
}

/** Calls grpc.health.v1.Health/Check for one service name ('' for the server as a whole). */
export function checkHealth(address: string, service: string): Promise<ServingStatus> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise<ServingStatus>((resolve, reject) => {
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      encodeRequest,
      decodeResponse,
      { service },
      new grpc.Metadata(),
      { deadline: new Date(Date.now() + 5000) },
      (error, status) => (error || !status ? reject(error ?? new Error('no response')) : resolve(status)),
    );
  }).finally(() => client.close());
}

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_FILES, PROTO_ROOT, type ProtoService } from '@ticres/proto';

/** Loader options that match the generated types (`proto-loader-gen-types` flags in proto/). */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

/** Loads one service's proto at run time, typed with its generated `ProtoGrpcType`. */
export function loadProto<ProtoGrpcType>(service: ProtoService): ProtoGrpcType {
  const definition = protoLoader.loadSync(PROTO_FILES[service], LOADER_OPTIONS);
  return grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
}

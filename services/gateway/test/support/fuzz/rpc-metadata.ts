import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import type { FuzzWorld } from './http-requests';

/** Tokens a direct caller may present: the people's, and the services' (for the internal RPCs). */
export interface RpcCallers {
  tokens: FuzzWorld['tokens'] & { paymentService: string; notifierService: string };
}

/** Printable ASCII, the only text a non-binary gRPC metadata value may hold. */
const asciiText = (maxLength: number) => fc.string({ unit: 'binary-ascii', maxLength }).map((text) => text.replace(/[^ -~]/g, '?'));

/** `authorization` as a caller sends it: a real token of any role, a mangled one, junk, or none. */
function authorization(callers: RpcCallers): fc.Arbitrary<string | undefined> {
  const tokens = Object.values(callers.tokens);
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...tokens).map((token) => `Bearer ${token}`) },
    { weight: 2, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constantFrom(...tokens).map((token) => `Bearer ${token.slice(0, -3)}abc`),
        fc.constantFrom(...tokens),
        fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c', 'Bearer e30.e30.'),
        asciiText(60).map((text) => `Bearer ${text}`),
      ),
    },
  );
}

/** Metadata of a call: its authorization, and keys a client might add, text and binary. */
export function rpcMetadata(callers: RpcCallers): fc.Arbitrary<grpc.Metadata> {
  const textKey = fc.oneof(
    fc.constantFrom('x-request-id', 'traceparent', 'x-forwarded-for', 'ticres-code', 'x-user-id', 'x-role'),
    fc.stringMatching(/^x-[a-z0-9_.-]{1,16}$/),
  );
  return fc
    .record({
      authorization: authorization(callers),
      text: fc.dictionary(textKey, asciiText(80), { maxKeys: 3 }),
      binary: fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
    })
    .map(({ authorization: auth, text, binary }) => {
      const metadata = new grpc.Metadata();
      for (const [key, value] of Object.entries(text)) metadata.set(key, value);
      if (auth !== undefined) metadata.set('authorization', auth);
      if (binary) metadata.set('x-fuzz-bin', Buffer.from(binary));
      return metadata;
    });
}

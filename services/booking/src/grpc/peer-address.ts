/**
 * The IP address of a gRPC peer as grpc-js names it (`ipv4:10.0.0.7:53412`,
 * `ipv6:[2001:db8::1]:53412`); empty for any other kind of peer (a Unix socket).
 */
export function addressOfPeer(peer: string): string {
  const match = /^ipv4:([\d.]+):\d+$/.exec(peer) ?? /^ipv6:\[([0-9a-fA-F:.]+)\]:\d+$/.exec(peer);
  return match?.[1] ?? '';
}

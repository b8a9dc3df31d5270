import { isIP } from 'node:net';

/** The longest text an address may have (an IPv6 address with a zone and an IPv4 tail is under 64). */
const MAX_ADDRESS_LENGTH = 64;

/** Hex groups of an IPv6 address, `::` expanded, an IPv4 tail turned into two groups. */
function ipv6Groups(address: string): string[] {
  const withoutZone = address.split('%')[0]!;
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(withoutZone);
  let text = withoutZone;
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${withoutZone.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  if (tail === undefined) return headGroups;
  const tailGroups = tail === '' ? [] : tail.split(':');
  return [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
}

/**
 * The key a client address is counted under (sign-ups per address, holds per address): an IPv4 address as it is (an IPv4-mapped
 * IPv6 one too), an IPv6 address by its /64 network, since one subscriber is usually given a
 * whole /64 and could otherwise take a fresh address for every hold. Undefined for anything that
 * is not an IP address.
 */
export function clientAddressKey(address: string): string | undefined {
  if (address.length > MAX_ADDRESS_LENGTH) return undefined;
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return undefined;
  const groups = ipv6Groups(address.toLowerCase()).map((group) => parseInt(group, 16));
  const isIpv4Mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (isIpv4Mapped) return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

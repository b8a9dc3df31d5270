import { addressOfPeer } from './peer-address';

describe('addressOfPeer', () => {
  it('takes the IP address out of a grpc-js peer name', () => {
    expect(addressOfPeer('ipv4:10.0.0.7:53412')).toBe('10.0.0.7');
    expect(addressOfPeer('ipv6:[2001:db8::1]:53412')).toBe('2001:db8::1');
    expect(addressOfPeer('ipv6:[::ffff:127.0.0.1]:1')).toBe('::ffff:127.0.0.1');
  });

  it('gives nothing for a peer without an IP address', () => {
    expect(addressOfPeer('unix:/tmp/booking.sock')).toBe('');
    expect(addressOfPeer('')).toBe('');
  });
});

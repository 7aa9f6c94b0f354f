import { cidrsOverlap, formatCidr, mustParseCidr, parseCidr, subnetCidr } from '../../lib/cidr';

describe('cidr', () => {
  it('parses and formats a network', () => {
    expect(formatCidr(mustParseCidr('10.20.0.0/16'))).toBe('10.20.0.0/16');
    expect(parseCidr('192.168.1.0/24')).toEqual({ network: 0xc0a80100, prefixLength: 24 });
  });

  it('carves subnets like terraform cidrsubnet', () => {
    const vpc = mustParseCidr('10.20.0.0/16');
    expect(formatCidr(subnetCidr(vpc, 4, 0))).toBe('10.20.0.0/20');
    expect(formatCidr(subnetCidr(vpc, 4, 9))).toBe('10.20.144.0/20');
    expect(() => subnetCidr(vpc, 4, 16)).toThrow('subnet number 16 does not fit in 4 bits');
  });

  it('detects overlap in both directions and its absence', () => {
    expect(cidrsOverlap(mustParseCidr('10.0.0.0/16'), mustParseCidr('10.0.4.0/24'))).toBe(true);
    expect(cidrsOverlap(mustParseCidr('10.0.4.0/24'), mustParseCidr('10.0.0.0/16'))).toBe(true);
    expect(cidrsOverlap(mustParseCidr('10.0.0.0/16'), mustParseCidr('10.1.0.0/16'))).toBe(false);
  });
});

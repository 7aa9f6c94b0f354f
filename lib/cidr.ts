/** IPv4 CIDR arithmetic for config validation and subnet planning; no Terraform `cidrsubnet` at plan time. */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns a reason string when it is not a valid network address. */
export function parseCidr(text: string): Ipv4Cidr | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return `"${text}" is not an IPv4 CIDR like 10.0.0.0/16`;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255)) return `"${text}" has an octet above 255`;
  if (prefixLength > 32) return `"${text}" has a prefix length above 32`;
  const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  const network = maskAddress(address, prefixLength);
  if (network !== address) {
    return `"${text}" has host bits set (the network address is ${formatCidr({ network, prefixLength })})`;
  }
  return { network, prefixLength };
}

function maskAddress(address: number, prefixLength: number): number {
  const blockSize = 2 ** (32 - prefixLength);
  return Math.floor(address / blockSize) * blockSize;
}

export function formatCidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.network / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefixLength}`;
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const shorter = Math.min(a.prefixLength, b.prefixLength);
  return maskAddress(a.network, shorter) === maskAddress(b.network, shorter);
}

/** Like Terraform's `cidrsubnet(prefix, newbits, netnum)`. */
export function subnetCidr(parent: Ipv4Cidr, newBits: number, netNum: number): Ipv4Cidr {
  const prefixLength = parent.prefixLength + newBits;
  if (prefixLength > 32) throw new Error(`cannot add ${newBits} bits to /${parent.prefixLength}`);
  if (netNum < 0 || netNum >= 2 ** newBits) throw new Error(`subnet number ${netNum} does not fit in ${newBits} bits`);
  return { network: parent.network + netNum * 2 ** (32 - prefixLength), prefixLength };
}

/** Parses a CIDR that config validation has already accepted. */
export function mustParseCidr(text: string): Ipv4Cidr {
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

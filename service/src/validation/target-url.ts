import type { Parsed, Rule, StringSchema } from './schema';

/** Longest target accepted, before and after normalisation (what old browsers and many proxies handle). */
const MAX_URL_LENGTH = 2048;

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}\p{Cf}]/u;

/**
 * The link target: an absolute http(s) URL without credentials that does not point back at this service
 * (`ownHost` and its subdomains), which would make redirect loops and lend our name to other links.
 * Validation yields the parsed URL; its `href` is the stored form (punycoded host, percent-encoded path), so
 * it is always a valid `Location` value.
 */
export function targetUrlSchema(ownHosts: readonly string[]): StringSchema<URL> {
  const own = ownHosts.map((host) => withoutTrailingDot(host.toLowerCase()));
  const textRules: Rule<string>[] = [
    {
      description: 'No spaces or control characters.',
      check: (text) => (WHITESPACE_OR_CONTROL.test(text) ? 'must not contain spaces or control characters' : undefined),
    },
    {
      description: 'Absolute, with the http or https scheme.',
      check: (text) => {
        const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
        if (scheme === undefined) return 'must be an absolute URL starting with http:// or https://';
        if (scheme !== 'http' && scheme !== 'https') return `must use http or https, not '${scheme}:'`;
        return /^https?:\/\/[^/]/i.test(text) ? undefined : `must be of the form ${scheme}://host/...`;
      },
    },
  ];
  const urlRules: Rule<URL>[] = [
    {
      description: 'No user name or password.',
      check: (url) =>
        url.username !== '' || url.password !== '' ? 'must not contain credentials (user:password@)' : undefined,
    },
    {
      description: `Not this service's own hosts (${own.join(', ')}) or their subdomains.`,
      check: (url) => {
        const host = withoutTrailingDot(url.hostname);
        const match = own.find((name) => host === name || host.endsWith(`.${name}`));
        return match === undefined ? undefined : `must not point to this service's own domain (${match})`;
      },
    },
    {
      description:
        'Not localhost, and not an IP address in a private, loopback, link-local, metadata or other non-public range.',
      check: (url) => {
        const host = withoutTrailingDot(url.hostname);
        if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point to localhost';
        const range = nonPublicRange(host);
        return range === undefined ? undefined : `must not point to a ${range} address (${host})`;
      },
    },
    {
      description: `At most ${MAX_URL_LENGTH} characters after normalisation too.`,
      check: ({ href }) =>
        href.length > MAX_URL_LENGTH
          ? `is ${href.length} characters long once normalised (percent-encoded); at most ${MAX_URL_LENGTH} are allowed`
          : undefined,
    },
  ];
  return {
    type: 'string',
    description: 'Where the short link redirects to. Stored and returned in normalised (WHATWG URL) form.',
    format: 'uri',
    minLength: 1,
    maxLength: MAX_URL_LENGTH,
    examples: ['https://example.org/some/long/path?with=query'],
    rules: textRules,
    parse: { parse: parseUrl, rules: urlRules },
  };
}

/**
 * True for a value that can go into a Location header as it is: an absolute http(s) URL of printable ASCII
 * (what WHATWG serialisation makes of any accepted target). Checked on every link read from the table.
 */
export function isSafeLocation(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_URL_LENGTH &&
    /^https?:\/\/[\x21-\x7e]+$/i.test(value) &&
    URL.canParse(value)
  );
}

function parseUrl(text: string): Parsed<URL> {
  try {
    return { ok: true, value: new URL(text) };
  } catch {
    return { ok: false, detail: 'is not a well-formed URL' };
  }
}

function withoutTrailingDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** IPv4 ranges that are not the public internet (RFC 6890), with what they are, for the refusal message. */
const IPV4_RANGES: readonly [string, number, string][] = [
  ['0.0.0.0', 8, '"this network"'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function ipv4Number(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

function ipv4Range(address: string): string | undefined {
  const value = ipv4Number(address);
  if (value === undefined) return undefined;
  for (const [base, bits, name] of IPV4_RANGES) {
    const size = 2 ** (32 - bits);
    const start = ipv4Number(base) as number;
    if (value >= start && value < start + size) return name;
  }
  return undefined;
}

/**
 * The kind of non-public range an IP-literal host is in, or undefined for a public address or a name. WHATWG
 * parsing has already turned every IPv4 spelling (0x7f.1, 2130706433) into dotted decimal and put IPv6 in
 * brackets, compressed and lower-case.
 */
function nonPublicRange(host: string): string | undefined {
  if (!host.startsWith('[')) return ipv4Range(host);
  const v6 = host.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6)?.[1] ?? ipv4FromMappedHex(v6);
  if (mapped !== undefined) return ipv4Range(mapped);
  if (/^::[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(v6)) return 'IPv4-compatible (deprecated)';
  if (v6 === '::' || v6 === '::1') return v6 === '::1' ? 'loopback' : 'unspecified';
  const first = parseInt(v6.split(':')[0] || '0', 16);
  if ((first & 0xfe00) === 0xfc00) return 'private (unique local, cloud metadata)';
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  return undefined;
}

/** `::ffff:7f00:1`, the form WHATWG serialises IPv4-mapped IPv6 addresses in. */
function ipv4FromMappedHex(v6: string): string | undefined {
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
  if (match === null) return undefined;
  const [high, low] = [parseInt(match[1], 16), parseInt(match[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

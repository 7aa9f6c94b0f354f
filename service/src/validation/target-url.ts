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
export function targetUrlSchema(ownHost: string): StringSchema<URL> {
  const own = withoutTrailingDot(ownHost.toLowerCase());
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
      description: `Not this service's own host (${own}) or its subdomains.`,
      check: (url) => {
        const host = withoutTrailingDot(url.hostname);
        return host === own || host.endsWith(`.${own}`)
          ? `must not point to this service's own domain (${own})`
          : undefined;
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

import type { Rule, StringSchema } from './schema';

/** Longest target accepted, before and after normalisation (what old browsers and many proxies handle). */
export const MAX_URL_LENGTH = 2048;

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}\p{Cf}]/u;

/**
 * The link target: an absolute http(s) URL without credentials that does not point back at this service
 * (`ownHost` and its subdomains), which would make redirect loops and lend our name to other links.
 */
export function targetUrlSchema(ownHost: string): StringSchema {
  const own = withoutTrailingDot(ownHost.toLowerCase());
  const rules: Rule<string>[] = [
    {
      description: 'No spaces or control characters.',
      check: (value) =>
        WHITESPACE_OR_CONTROL.test(value) ? 'must not contain spaces or control characters' : undefined,
    },
    {
      description: 'Absolute, with the http or https scheme.',
      check: (value) => {
        const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
        if (scheme === undefined) return 'must be an absolute URL starting with http:// or https://';
        if (scheme !== 'http' && scheme !== 'https') return `must use http or https, not '${scheme}:'`;
        if (!/^https?:\/\/[^/]/i.test(value)) return `must be of the form ${scheme}://host/...`;
        return URL.canParse(value) ? undefined : 'is not a well-formed URL';
      },
    },
    {
      description: 'No user name or password.',
      check: (value) => {
        const url = new URL(value);
        return url.username !== '' || url.password !== '' ? 'must not contain credentials (user:password@)' : undefined;
      },
    },
    {
      description: `Not this service's own host (${own}) or its subdomains.`,
      check: (value) => {
        const host = withoutTrailingDot(new URL(value).hostname);
        return host === own || host.endsWith(`.${own}`)
          ? `must not point to this service's own domain (${own})`
          : undefined;
      },
    },
    {
      description: `At most ${MAX_URL_LENGTH} characters after normalisation too.`,
      check: (value) => {
        const length = normalizeTargetUrl(value).length;
        return length > MAX_URL_LENGTH
          ? `is ${length} characters long once normalised (percent-encoded); at most ${MAX_URL_LENGTH} are allowed`
          : undefined;
      },
    },
  ];
  return {
    type: 'string',
    description: 'Where the short link redirects to. Stored and returned in normalised (WHATWG URL) form.',
    format: 'uri',
    minLength: 1,
    maxLength: MAX_URL_LENGTH,
    examples: ['https://example.org/some/long/path?with=query'],
    rules,
  };
}

/** The stored form: punycoded host, percent-encoded path, so it is always a valid `Location` value. */
export function normalizeTargetUrl(value: string): string {
  return new URL(value).href;
}

function withoutTrailingDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

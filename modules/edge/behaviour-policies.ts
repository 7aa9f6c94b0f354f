import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { Construct } from 'constructs';

export interface BehaviourPoliciesProps {
  /** Prefix of the policy names (unique per account), e.g. `shortlinks-dev`. */
  readonly name: string;
  /**
   * Longest time CloudFront keeps a redirect, whatever the origin asks.
   * @default one day
   */
  readonly maxRedirectTtlSeconds?: number;
}

/** HSTS for two years, the commonly recommended lifetime. */
const HSTS_MAX_AGE_SECONDS = 63_072_000;
const ONE_DAY_SECONDS = 86_400;

/**
 * The custom CloudFront policies of the distribution: how redirects are cached, and the security headers every
 * response carries.
 */
export class BehaviourPolicies extends Construct {
  readonly redirectCachePolicy: CloudfrontCachePolicy;
  readonly securityHeadersPolicy: CloudfrontResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: BehaviourPoliciesProps) {
    super(scope, id);
    // TTLs 0/0: the origin's Cache-Control decides, and a response without one is not cached. The key is the
    // path alone (a redirect depends on nothing else), so viewers cannot split the cache with junk query strings.
    this.redirectCachePolicy = new CloudfrontCachePolicy(this, 'redirect-cache-policy', {
      name: `${props.name}-redirects`,
      comment: 'Redirects: cached as the origin Cache-Control says, keyed on the path only',
      minTtl: 0,
      defaultTtl: 0,
      maxTtl: props.maxRedirectTtlSeconds ?? ONE_DAY_SECONDS,
      parametersInCacheKeyAndForwardedToOrigin: {
        cookiesConfig: { cookieBehavior: 'none' },
        headersConfig: { headerBehavior: 'none' },
        queryStringsConfig: { queryStringBehavior: 'none' },
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      },
    });

    // `override: true` everywhere: the edge is the single place these headers are decided.
    this.securityHeadersPolicy = new CloudfrontResponseHeadersPolicy(this, 'security-headers-policy', {
      name: `${props.name}-security-headers`,
      comment: 'HSTS, nosniff, no framing, no cross-origin referrer, no active content',
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS,
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
        // The service answers with JSON and redirects only; nothing it sends should ever run or load content.
        contentSecurityPolicy: { contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'", override: true },
      },
    });
  }
}

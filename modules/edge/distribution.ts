import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { PriceClass } from '../../lib/cloudfront';
import { API_PREFIX, ORIGIN_VERIFY_HEADER } from '../../service/src/contract';
import { BehaviourPolicies } from './behaviour-policies';
import {
  ALL_METHODS,
  ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
  CACHING_DISABLED_POLICY_ID,
} from './cloudfront-constants';

/** Origin errors CloudFront must not hold on to by default. */
const ERRORS_NOT_CACHED = [404, 500, 502, 503, 504];

export interface EdgeDistributionProps {
  /** Prefix of resource names, e.g. `shortlinks-dev`. */
  readonly name: string;
  /** The public name viewers use. */
  readonly aliasDomain: string;
  /** Issued us-east-1 certificate for `aliasDomain`. */
  readonly certificateArn: string;
  /** CLOUDFRONT-scope web ACL in front of the distribution. */
  readonly webAclArn: string;
  /** The API's regional custom domain. */
  readonly originDomain: string;
  /** Value of the origin-verify header the ALB requires. */
  readonly originVerifySecret: string;
  /** Which edge locations serve viewers. */
  readonly priceClass: PriceClass;
  /** Bucket with ACLs enabled, for standard logs. */
  readonly logBucket: S3Bucket;
  /** What enables ACLs on `logBucket`: it must exist before CloudFront is pointed at the bucket. */
  readonly logBucketReady: ITerraformDependable;
}

const ORIGIN_ID = 'api';
/** Path pattern of the service's JSON API: never cached, every method, every viewer header but Host. */
export const API_PATH_PATTERN = `${API_PREFIX}/*`;

/**
 * The CloudFront distribution in front of the API's custom domain. Redirects (`GET /{slug}`) are cached as the
 * origin's Cache-Control says; `/api/*` always reaches the origin. Every origin request carries the secret header.
 */
export class EdgeDistribution extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly policies: BehaviourPolicies;

  constructor(scope: Construct, id: string, props: EdgeDistributionProps) {
    super(scope, id);
    this.policies = new BehaviourPolicies(this, 'policies', { name: props.name });
    const responseHeadersPolicyId = this.policies.securityHeadersPolicy.id;

    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `${props.name}: ${props.aliasDomain} to ${props.originDomain}`,
      aliases: [props.aliasDomain],
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      priceClass: props.priceClass,
      // CloudFront caches an error without Cache-Control for 10 s by default: a 404 for a link created a moment
      // later, or a 503 during a deploy, would stick at the edge. The origin's own Cache-Control still applies.
      customErrorResponse: ERRORS_NOT_CACHED.map((errorCode) => ({ errorCode, errorCachingMinTtl: 0 })),
      webAclId: props.webAclArn,
      viewerCertificate: {
        acmCertificateArn: props.certificateArn,
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: 'TLSv1.2_2021',
      },
      origin: [
        {
          originId: ORIGIN_ID,
          domainName: props.originDomain,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: 'https-only',
            originSslProtocols: ['TLSv1.2'],
          },
          // CloudFront overwrites a viewer-sent header of this name, so only CloudFront can present the secret.
          customHeader: [{ name: ORIGIN_VERIFY_HEADER, value: props.originVerifySecret }],
        },
      ],
      // No origin request policy: the origin gets its own name as Host (what API Gateway's custom domain expects)
      // and nothing from the viewer that could vary a cached redirect.
      defaultCacheBehavior: {
        targetOriginId: ORIGIN_ID,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: this.policies.redirectCachePolicy.id,
        responseHeadersPolicyId,
      },
      orderedCacheBehavior: [
        {
          pathPattern: API_PATH_PATTERN,
          targetOriginId: ORIGIN_ID,
          // Not redirect-to-https: a redirected POST would arrive as a GET.
          viewerProtocolPolicy: 'https-only',
          allowedMethods: ALL_METHODS,
          cachedMethods: ['GET', 'HEAD'],
          compress: true,
          cachePolicyId: CACHING_DISABLED_POLICY_ID,
          originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
          responseHeadersPolicyId,
        },
      ],
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      loggingConfig: { bucket: props.logBucket.bucketDomainName, prefix: 'cloudfront/', includeCookies: false },
      // CloudFront refuses a log bucket whose ACLs are still disabled.
      dependsOn: [props.logBucketReady],
    });
  }
}

import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { DnsValidatedCertificate } from '../certificate';
import { PrivateBucket } from '../shared/private-bucket';
import { addUsEast1Validation, invalidProp } from '../shared/validations';
import { CLOUDFRONT_HOSTED_ZONE_ID, REGIONS_WITHOUT_CLOUDFRONT_LOG_DELIVERY } from './cloudfront-constants';
import type { PriceClass, WafLoggedRequests } from '../../lib/cloudfront';
import { EdgeDistribution } from './distribution';
import { EdgeWebAcl } from './web-acl';

export interface EdgeProps {
  /** Prefix of resource names, e.g. `shortlinks-dev`. */
  readonly name: string;
  /** Public name CloudFront serves. */
  readonly appDomain: string;
  /** Public hosted zone holding `appDomain`. */
  readonly hostedZoneId: string;
  /** The API's regional custom domain, CloudFront's origin. */
  readonly originDomain: string;
  /** Secret CloudFront sends in the origin-verify header; the ALB rule requires the same value. */
  readonly originVerifySecret: string;
  /** The stack's us-east-1 provider, for the certificate, the web ACL and its logs (CloudFront reads them there). */
  readonly usEast1Provider: AwsProvider;
  /** The stack's home Region, where the access-log bucket goes unless CloudFront cannot deliver there. */
  readonly homeRegion: string;
  /** Account of the WAF log group, for the log delivery policy's confused-deputy guard. */
  readonly accountId: string;
  /** Requests per client IP per 5 minutes before WAF blocks. */
  readonly wafRateLimit: number;
  /** Which edge locations serve viewers. */
  readonly priceClass: PriceClass;
  /** Retention of WAF logs and CloudFront access logs, in days. */
  readonly logRetentionDays: number;
  /**
   * Which requests WAF logs; see EdgeWebAclProps.loggedRequests.
   * @default `all`
   */
  readonly wafLoggedRequests?: WafLoggedRequests;
}

/** Longest `bucket_prefix` S3 accepts: Terraform appends 26 characters to fill the 63 allowed. */
const MAX_BUCKET_PREFIX_LENGTH = 37;

/**
 * The edge tier: CloudFront with a us-east-1 certificate and WAF, access logs, and the public name's
 * A/AAAA alias records.
 */
export class Edge extends Construct {
  readonly certificate: DnsValidatedCertificate;
  readonly webAcl: EdgeWebAcl;
  readonly logBucket: PrivateBucket;
  readonly distribution: EdgeDistribution;
  readonly records: Route53Record[];

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    const usEast1 = props.usEast1Provider;

    this.certificate = new DnsValidatedCertificate(this, 'certificate', {
      domainName: props.appDomain,
      hostedZoneId: props.hostedZoneId,
      provider: usEast1,
    });
    addUsEast1Validation(this.certificate, 'The CloudFront certificate', () => usEast1.region);

    this.webAcl = new EdgeWebAcl(this, 'web-acl', {
      name: props.name,
      rateLimit: props.wafRateLimit,
      logRetentionDays: props.logRetentionDays,
      accountId: props.accountId,
      provider: usEast1,
      loggedRequests: props.wafLoggedRequests,
    });

    const logBucketPrefix = `${props.name}-cf-`;
    if (!Token.isUnresolved(logBucketPrefix) && logBucketPrefix.length > MAX_BUCKET_PREFIX_LENGTH) {
      invalidProp(
        this,
        'name',
        `makes the log bucket prefix "${logBucketPrefix}" longer than the ${MAX_BUCKET_PREFIX_LENGTH} characters S3 allows`,
      );
    }
    const logsInUsEast1 = REGIONS_WITHOUT_CLOUDFRONT_LOG_DELIVERY.includes(props.homeRegion);
    this.logBucket = new PrivateBucket(this, 'access-log-bucket', {
      bucketPrefix: logBucketPrefix,
      // CloudFront standard logging writes through bucket ACLs (it grants its log-delivery account itself).
      objectOwnership: 'BucketOwnerPreferred',
      expirationDays: props.logRetentionDays,
      provider: logsInUsEast1 ? usEast1 : undefined,
    });

    this.distribution = new EdgeDistribution(this, 'cdn', {
      name: props.name,
      aliasDomain: props.appDomain,
      certificateArn: this.certificate.certificateArn,
      webAclArn: this.webAcl.webAcl.arn,
      originDomain: props.originDomain,
      originVerifySecret: props.originVerifySecret,
      priceClass: props.priceClass,
      logBucket: this.logBucket.bucket,
      logBucketReady: this.logBucket.ownershipControls,
    });

    const distribution = this.distribution.distribution;
    this.records = (['A', 'AAAA'] as const).map(
      (type) =>
        new Route53Record(this, `alias-${type.toLowerCase()}`, {
          zoneId: props.hostedZoneId,
          name: props.appDomain,
          type,
          // CloudFront alias targets take no health evaluation (AWS rejects true).
          alias: { name: distribution.domainName, zoneId: CLOUDFRONT_HOSTED_ZONE_ID, evaluateTargetHealth: false },
        }),
    );
  }
}

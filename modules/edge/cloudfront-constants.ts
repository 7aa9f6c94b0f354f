/** Fixed AWS identifiers and facts about CloudFront (AWS documentation). Written once, used by the edge tier and its tests. */

/** Managed cache policy `Managed-CachingDisabled`. */
export const CACHING_DISABLED_POLICY_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

/** Managed origin request policy `Managed-AllViewerExceptHostHeader`: every viewer header but Host goes to the origin. */
export const ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/** Hosted zone of every CloudFront distribution, the target zone of Route 53 alias records. */
export const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';

/** Every method CloudFront accepts; API behaviours need them all (POST, DELETE, ...). */
export const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'];

/**
 * Opt-in Regions: CloudFront does not deliver standard logs to buckets there, so a home Region in this list gets
 * its CloudFront log bucket in us-east-1 instead.
 */
export const REGIONS_WITHOUT_CLOUDFRONT_LOG_DELIVERY: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

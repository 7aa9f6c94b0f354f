/** Facts about CloudFront (AWS documentation) that config, modules and tooling share; no imports. */

/** CloudFront reads viewer certificates and CLOUDFRONT-scope web ACLs only from this Region. */
export const CLOUDFRONT_REGION = 'us-east-1';

/** Which edge locations serve viewers: 100 (North America, Europe), 200 (+ most others), All. */
export const PRICE_CLASSES = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

/** Which WAF requests reach the web ACL's log: every one, or only those a rule blocked or counted. */
export const WAF_LOGGED_REQUESTS = ['all', 'blocked-and-counted'] as const;
export type WafLoggedRequests = (typeof WAF_LOGGED_REQUESTS)[number];

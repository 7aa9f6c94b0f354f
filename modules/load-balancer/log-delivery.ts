import type { IConstruct } from 'constructs';
import type { BucketGrant } from '../shared/private-bucket';
import { invalidProp } from '../shared/validations';

/**
 * Elastic Load Balancing's own account in each Region launched before August 2022 (AWS: "Enable access logs
 * for your Application Load Balancer"). In those Regions the bucket policy must name this account. Only the `aws`
 * partition is listed: the bucket ARNs below are written for it (GovCloud and China would need their own).
 */
const ELB_ACCOUNT_BY_REGION: Readonly<Record<string, string>> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'af-south-1': '098369216593',
  'ap-east-1': '754344448648',
  'ap-southeast-3': '589379963580',
  'ap-south-1': '718504428378',
  'ap-northeast-3': '383597477331',
  'ap-northeast-2': '600734575887',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864',
  'ca-central-1': '985666609251',
  'eu-central-1': '054676820928',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-south-1': '635631232127',
  'eu-west-3': '009996457667',
  'eu-north-1': '897822967062',
  'me-south-1': '076674570225',
  'sa-east-1': '507241528517',
};

/** Regions launched in August 2022 or later: ELB delivers logs there as this service principal instead. */
const LOG_DELIVERY_SERVICE_PRINCIPAL = 'logdelivery.elasticloadbalancing.amazonaws.com';
const SERVICE_PRINCIPAL_REGIONS: readonly string[] = [
  'ap-south-2',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ap-east-2',
  'ca-west-1',
  'eu-central-2',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'mx-central-1',
];

export interface LogDeliveryGrantProps {
  /** Literal Region of the load balancer: it picks the principal. */
  readonly region: string;
  /** Account that owns the load balancer: ELB writes under `AWSLogs/<account>/`. */
  readonly accountId: string;
  /** The access-log bucket the statement is for. */
  readonly bucketName: string;
  /** Key prefix the load balancer writes under (no leading or trailing slash). */
  readonly prefix: string;
}

/**
 * The bucket-policy statement that lets the load balancer write its access logs, and nothing else:
 * `s3:PutObject` under `<prefix>/AWSLogs/<account>/` only. Throws (naming `scope`) for a Region this table does not
 * know, because a wrong principal only shows up at apply time, when ELB refuses to enable access logs.
 */
export function elbLogDeliveryGrant(scope: IConstruct, props: LogDeliveryGrantProps): BucketGrant {
  const principal = elbLogDeliveryPrincipal(scope, props.region);
  return {
    sid: 'ElbAccessLogDelivery',
    actions: ['s3:PutObject'],
    resources: [`arn:aws:s3:::${props.bucketName}/${props.prefix}/AWSLogs/${props.accountId}/*`],
    ...principal,
  };
}

function elbLogDeliveryPrincipal(
  scope: IConstruct,
  region: string,
): Pick<BucketGrant, 'awsPrincipals' | 'servicePrincipals'> {
  const elbAccount = ELB_ACCOUNT_BY_REGION[region];
  if (elbAccount) {
    return { awsPrincipals: [`arn:aws:iam::${elbAccount}:root`] };
  }
  if (SERVICE_PRINCIPAL_REGIONS.includes(region)) return { servicePrincipals: [LOG_DELIVERY_SERVICE_PRINCIPAL] };
  return invalidProp(
    scope,
    'region',
    `no access-log delivery principal known for Region "${region}". Add it to modules/load-balancer/log-delivery.ts: ` +
      `Regions launched before August 2022 need their ELB account id (known: ${Object.keys(ELB_ACCOUNT_BY_REGION).join(', ')}); ` +
      `newer Regions use ${LOG_DELIVERY_SERVICE_PRINCIPAL} (known: ${SERVICE_PRINCIPAL_REGIONS.join(', ')})`,
  );
}

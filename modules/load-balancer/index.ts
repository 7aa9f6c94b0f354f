import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  ALB_IDLE_TIMEOUT_SECONDS,
  HEALTH_PATH,
  ORIGIN_VERIFY_HEADER,
  SERVICE_PORT,
  DRAIN_BUDGET_SECONDS,
} from '../../service/src/contract';
import type { ListenerEndpoint, LoadBalancerTarget, SecurityGroupPeer } from '../shared/connections';
import { PrivateBucket } from '../shared/private-bucket';
import { TierSecurityGroup } from '../shared/security-group';
import { checkMaxLength, checkMultiAz, invalidProp } from '../shared/validations';
import { elbLogDeliveryGrant } from './log-delivery';

/** TLS 1.3 with TLS 1.2 fallback and forward-secret ciphers only (CKV_AWS_103). */
export const TLS13_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
const HTTPS_PORT = 443;
/** Highest priority is the lowest number; 100 leaves room for rules that must run before the secret check. */
const ORIGIN_VERIFY_RULE_PRIORITY = 100;
/** Longest name AWS accepts for a load balancer and for a target group. */
const MAX_ELB_NAME_LENGTH = 32;
const MAX_BUCKET_NAME_LENGTH = 63;
const ACCESS_LOG_PREFIX = 'alb';

export interface LoadBalancerProps {
  /** Name of the load balancer and its target group, and prefix of its security group and log bucket (≤ 32 characters). */
  readonly name: string;
  /** VPC of the load balancer, its target group and its security group. */
  readonly vpcId: string;
  /** Private subnets, one per AZ: the load balancer is internal and reached only through the VPC link. */
  readonly subnetIds: string[];
  /** AZs of `subnetIds`, checked at construction: an ALB needs subnets in at least 2 AZs. */
  readonly availabilityZones: readonly string[];
  /** Regional ACM certificate for the name API Gateway verifies over TLS (`tls_config.server_name_to_verify`). */
  readonly certificateArn: string;
  /**
   * The origin-verify secret: only requests whose `ORIGIN_VERIFY_HEADER` carries it reach the targets;
   * everything else gets the default 403. Pass a sensitive Terraform value, never a literal.
   */
  readonly originVerifySecret: string;
  /**
   * Values accepted besides `originVerifySecret` while a rotation moves CloudFront to it (see OriginSecret).
   * @default none: outside a rotation only the current value opens the listener
   */
  readonly previousOriginVerifySecrets?: readonly string[];
  /** Region: picks the ELB log-delivery principal and names the log bucket. */
  readonly region: string;
  /** Account: names the log bucket and the key prefix ELB writes under. */
  readonly accountId: string;
  /**
   * Port the targets listen on.
   * @default `SERVICE_PORT` from the service contract, so both sides agree
   */
  readonly targetPort?: number;
  /**
   * Target health check path.
   * @default `HEALTH_PATH` (liveness), not `READY_PATH`: readiness includes DynamoDB, so a DynamoDB blip would mark
   * every target unhealthy at once and ECS would replace healthy processes in a loop
   */
  readonly healthCheckPath?: string;
  /**
   * Seconds the target group keeps sending in-flight requests to a deregistering target.
   * @default `DRAIN_BUDGET_SECONDS` (the shutdown timeout + 5 s), so draining outlasts the service's own graceful
   * shutdown
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * `defensive` (AWS default) or `strictest`, which also rejects merely ambiguous requests.
   * @default `defensive`
   */
  readonly desyncMitigationMode?: 'defensive' | 'strictest';
  /**
   * Refuse deletion through the API (CKV_AWS_150).
   * @default true; only throwaway environments turn it off
   */
  readonly deletionProtection?: boolean;
  /**
   * Days access logs are kept before S3 expires them.
   * @default 90
   */
  readonly accessLogRetentionDays?: number;
}

/**
 * The internal Application Load Balancer between the VPC link and the tasks: HTTPS only (TLS 1.3 policy),
 * invalid headers dropped, desync mitigation on, access logs to a private bucket. A request reaches the targets
 * only with the origin-verify secret (HTTP APIs take no WAF, so this is what keeps direct calls out);
 * anything else gets a fixed 403.
 *
 * It meets the other tiers through two small interfaces: `listenerEndpoint`, which API Gateway's VPC link consumes,
 * and `target`, which the container service registers with. Its security group starts with no rules; each consumer
 * opens its hop through the interface it was given.
 */
export class LoadBalancer extends Construct {
  readonly alb: Lb;
  readonly listener: LbListener;
  readonly listenerRule: LbListenerRule;
  readonly targetGroup: LbTargetGroup;
  readonly securityGroup: TierSecurityGroup;
  readonly accessLogBucket: PrivateBucket;
  /** What a service registers its tasks with: the target group, its port, and the load balancer's side of that hop. */
  readonly target: LoadBalancerTarget;
  /** What a caller reaches: the HTTPS listener, its port, and the load balancer's side of that hop. */
  readonly listenerEndpoint: ListenerEndpoint;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    checkMaxLength(this, 'name', props.name, MAX_ELB_NAME_LENGTH);
    checkMultiAz(this, 'availabilityZones', props.availabilityZones);
    const targetPort = props.targetPort ?? SERVICE_PORT;

    this.securityGroup = new TierSecurityGroup(this, 'security-group', {
      vpcId: props.vpcId,
      name: props.name,
      role: 'alb',
      description: `Internal ALB of ${props.name}: HTTPS in from the VPC link only, out to the tasks only`,
    });

    this.accessLogBucket = this.createAccessLogBucket(props);

    this.alb = new Lb(this, 'alb', {
      name: props.name,
      loadBalancerType: 'application',
      internal: true,
      subnets: props.subnetIds,
      securityGroups: [this.securityGroup.id],
      idleTimeout: ALB_IDLE_TIMEOUT_SECONDS,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: props.desyncMitigationMode ?? 'defensive',
      enableDeletionProtection: props.deletionProtection ?? true,
      accessLogs: { bucket: this.accessLogBucket.bucket.id, prefix: ACCESS_LOG_PREFIX, enabled: true },
      // ELB test-writes to the bucket when logging is turned on; without the policy in place that write fails.
      dependsOn: [this.accessLogBucket.policy],
      tags: { Name: props.name },
    });

    this.targetGroup = new LbTargetGroup(this, 'target-group', {
      name: props.name,
      // Fargate tasks in awsvpc mode register by IP address.
      targetType: 'ip',
      protocol: 'HTTP',
      port: targetPort,
      vpcId: props.vpcId,
      deregistrationDelay: String(props.deregistrationDelaySeconds ?? DRAIN_BUDGET_SECONDS),
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        port: 'traffic-port',
        path: props.healthCheckPath ?? HEALTH_PATH,
        matcher: '200',
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      tags: { Name: props.name },
    });

    this.listener = new LbListener(this, 'https-listener', {
      loadBalancerArn: this.alb.arn,
      port: HTTPS_PORT,
      protocol: 'HTTPS',
      sslPolicy: TLS13_SSL_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [
        {
          type: 'fixed-response',
          fixedResponse: { statusCode: '403', contentType: 'text/plain', messageBody: 'Forbidden' },
        },
      ],
    });

    this.listenerRule = new LbListenerRule(this, 'origin-verify-rule', {
      listenerArn: this.listener.arn,
      priority: ORIGIN_VERIFY_RULE_PRIORITY,
      condition: [
        {
          httpHeader: {
            httpHeaderName: ORIGIN_VERIFY_HEADER,
            values: [props.originVerifySecret, ...(props.previousOriginVerifySecrets ?? [])],
          },
        },
      ],
      action: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });

    this.target = {
      targetGroupArn: this.targetGroup.arn,
      port: targetPort,
      source: this.securityGroup,
      forwarding: this.listenerRule,
      allowTo: (targets, description) => this.allowEgress(targets, targetPort, description),
    };
    this.listenerEndpoint = {
      listenerArn: this.listener.arn,
      port: HTTPS_PORT,
      destination: this.securityGroup,
      allowFrom: (caller, description) => this.allowIngress(caller, HTTPS_PORT, description),
    };
  }

  /** The rule's id names the peer it admits, so adding or reordering peers leaves every other address alone. */
  private allowIngress(peer: SecurityGroupPeer, port: number, description: string): VpcSecurityGroupIngressRule {
    return new VpcSecurityGroupIngressRule(this, `https-from-${peer.role}`, {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: peer.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description,
    });
  }

  private allowEgress(peer: SecurityGroupPeer, port: number, description: string): VpcSecurityGroupEgressRule {
    return new VpcSecurityGroupEgressRule(this, `to-${peer.role}`, {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: peer.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description,
    });
  }

  private createAccessLogBucket(props: LoadBalancerProps): PrivateBucket {
    // A literal name (account and Region make it unique), so the bucket policy can name its own ARN.
    const bucketName = `${props.name}-alb-logs-${props.accountId}-${props.region}`;
    if (!Token.isUnresolved(bucketName) && bucketName.length > MAX_BUCKET_NAME_LENGTH) {
      invalidProp(
        this,
        'name',
        `makes the access log bucket name "${bucketName}" ${bucketName.length} characters long; S3 allows at most ${MAX_BUCKET_NAME_LENGTH}`,
      );
    }
    return new PrivateBucket(this, 'access-logs', {
      bucketName,
      expirationDays: props.accessLogRetentionDays ?? 90,
      grants: [
        elbLogDeliveryGrant(this, {
          region: props.region,
          accountId: props.accountId,
          bucketName,
          prefix: ACCESS_LOG_PREFIX,
        }),
      ],
    });
  }
}

import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2ApiMapping } from '@cdktf/provider-aws/lib/apigatewayv2-api-mapping';
import { Apigatewayv2Authorizer } from '@cdktf/provider-aws/lib/apigatewayv2-authorizer';
import { Apigatewayv2DomainName } from '@cdktf/provider-aws/lib/apigatewayv2-domain-name';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';
import { API_JWT_HEADER } from '../../service/src/contract';
import { addPolicyException } from '../../lib/policy-exception';
import type { ListenerEndpoint } from '../shared/connections';
import { checkIntegerRange } from '../shared/validations';
import { ACCESS_LOG_FORMAT } from './access-log-format';
import { SERVICE_ROUTES } from './routes';
import { PrivateVpcLink } from './vpc-link';

export interface JwtAuthorizerProps {
  /** Token issuer, an https URL (its `/.well-known/openid-configuration` must be reachable by API Gateway). */
  readonly issuer: string;
  /** Accepted `aud` values; a token must carry one of them. */
  readonly audience: readonly string[];
}

/** API Gateway's token bucket for every route of the stage. */
export interface ThrottleProps {
  /** Requests the bucket holds: how large a burst passes at once. */
  readonly burstLimit: number;
  /** Steady requests per second the bucket refills with. */
  readonly rateLimit: number;
}

export interface HttpApiProps {
  /** Prefix of resource names, e.g. `shortlinks-dev`. */
  readonly name: string;
  /** VPC of the VPC link and its security group. */
  readonly vpcId: string;
  /** Private subnets for the VPC link. */
  readonly subnetIds: string[];
  /**
   * The internal ALB's HTTPS listener: a private integration targets the listener, not the load balancer, and the
   * VPC link's security group may reach its group on its port only.
   */
  readonly listener: ListenerEndpoint;
  /** Regional custom domain (CloudFront's origin); also the name API Gateway verifies on the ALB's certificate. */
  readonly domainName: string;
  /** Issued regional ACM certificate for `domainName`. */
  readonly certificateArn: string;
  /** Public hosted zone that holds `domainName`. */
  readonly hostedZoneId: string;
  /** Stage-wide token bucket that protects the service behind the API. */
  readonly throttle: ThrottleProps;
  /** Days the stage's access log group keeps events. */
  readonly accessLogRetentionDays: number;
  /**
   * Per-route metrics (count, errors, latency for each route). CloudWatch bills them as custom metrics, six per route
   * that gets requests (about 1.80 USD a route a month); the API-wide metrics (ApiId, Stage) are free and are what
   * alarms and dashboards read.
   * @default false
   */
  readonly detailedRouteMetrics?: boolean;
  /**
   * When set, write routes require a JWT from this issuer, read from the service contract's `API_JWT_HEADER`
   * (not `Authorization`: a DELETE carries the link's management token there, and needs both).
   * @default no authorizer
   */
  readonly jwt?: JwtAuthorizerProps;
  /**
   * How long API Gateway waits for the ALB, 50 to 30000 ms.
   * @default 10000
   */
  readonly integrationTimeoutMs?: number;
}

const DEFAULT_STAGE = '$default';
const MAX_INTEGRATION_TIMEOUT_MS = 30_000;
const MIN_INTEGRATION_TIMEOUT_MS = 50;
const PUBLIC_READ_REASON =
  'Public by design: redirects, link metadata and the OpenAPI document are readable without a token; only writes need one.';

/**
 * The API tier: an HTTP API reachable only through its regional custom domain (the execute-api endpoint is
 * off), proxying every route through a VPC link to the internal ALB's HTTPS listener. The `$default` stage
 * adds no path prefix, so the service sees the same paths CloudFront received.
 */
export class HttpApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly vpcLink: PrivateVpcLink;
  readonly integration: Apigatewayv2Integration;
  readonly routes: Record<string, Apigatewayv2Route> = {};
  readonly authorizer?: Apigatewayv2Authorizer;
  readonly stage: Apigatewayv2Stage;
  readonly accessLogGroup: CloudwatchLogGroup;
  readonly domainName: Apigatewayv2DomainName;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const timeoutMs = props.integrationTimeoutMs ?? 10_000;
    checkIntegerRange(this, 'integrationTimeoutMs', timeoutMs, MIN_INTEGRATION_TIMEOUT_MS, MAX_INTEGRATION_TIMEOUT_MS);

    this.api = new Apigatewayv2Api(this, 'api', {
      name: props.name,
      protocolType: 'HTTP',
      description: `shortlinks API of ${props.name}, reached through CloudFront and ${props.domainName}`,
      // Only the custom domain stays reachable, so nothing bypasses CloudFront, WAF and the origin-verify header.
      disableExecuteApiEndpoint: true,
    });

    this.vpcLink = new PrivateVpcLink(this, 'vpc-link', {
      name: props.name,
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      listener: props.listener,
    });

    this.integration = new Apigatewayv2Integration(this, 'alb-integration', {
      apiId: this.api.id,
      description: 'Every route to the internal ALB listener through the VPC link',
      integrationType: 'HTTP_PROXY',
      integrationMethod: 'ANY',
      integrationUri: props.listener.listenerArn,
      connectionType: 'VPC_LINK',
      connectionId: this.vpcLink.vpcLink.id,
      // The ALB's certificate is for the origin name; API Gateway checks it, so the last hop is authenticated TLS.
      tlsConfig: { serverNameToVerify: props.domainName },
      // 1.0 passes the request through unchanged (headers, query, body) to an HTTP backend.
      payloadFormatVersion: '1.0',
      timeoutMilliseconds: timeoutMs,
    });

    if (props.jwt) {
      this.authorizer = new Apigatewayv2Authorizer(this, 'jwt-authorizer', {
        apiId: this.api.id,
        name: `${props.name}-jwt`,
        authorizerType: 'JWT',
        // The service's own `Authorization: Bearer <managementToken>` passes through untouched.
        identitySources: [`$request.header.${API_JWT_HEADER}`],
        jwtConfiguration: { issuer: props.jwt.issuer, audience: [...props.jwt.audience] },
      });
    }

    for (const route of SERVICE_ROUTES) {
      const guarded = route.writes && this.authorizer !== undefined;
      const resource = new Apigatewayv2Route(this, `route-${route.id}`, {
        apiId: this.api.id,
        routeKey: route.routeKey,
        target: `integrations/${this.integration.id}`,
        authorizationType: guarded ? 'JWT' : 'NONE',
        authorizerId: guarded ? this.authorizer!.id : undefined,
      });
      if (this.authorizer && !route.writes) addPolicyException(resource, 'CKV_AWS_309', PUBLIC_READ_REASON);
      this.routes[route.routeKey] = resource;
    }

    this.accessLogGroup = new CloudwatchLogGroup(this, 'access-log-group', {
      name: `/aws/apigateway/${props.name}/access`,
      retentionInDays: props.accessLogRetentionDays,
    });
    this.stage = new Apigatewayv2Stage(this, 'stage', {
      apiId: this.api.id,
      name: DEFAULT_STAGE,
      autoDeploy: true,
      defaultRouteSettings: {
        throttlingBurstLimit: props.throttle.burstLimit,
        throttlingRateLimit: props.throttle.rateLimit,
        detailedMetricsEnabled: props.detailedRouteMetrics ?? false,
      },
      accessLogSettings: { destinationArn: this.accessLogGroup.arn, format: ACCESS_LOG_FORMAT },
    });

    this.domainName = new Apigatewayv2DomainName(this, 'domain-name', {
      domainName: props.domainName,
      domainNameConfiguration: {
        certificateArn: props.certificateArn,
        endpointType: 'REGIONAL',
        securityPolicy: 'TLS_1_2',
      },
    });
    new Apigatewayv2ApiMapping(this, 'api-mapping', {
      apiId: this.api.id,
      domainName: this.domainName.id,
      stage: this.stage.id,
    });
    // IPv4 only: CloudFront, the one client of this name, reaches custom origins over IPv4.
    new Route53Record(this, 'domain-record', {
      zoneId: props.hostedZoneId,
      name: props.domainName,
      type: 'A',
      alias: {
        name: this.domainName.domainNameConfiguration.targetDomainName,
        zoneId: this.domainName.domainNameConfiguration.hostedZoneId,
        evaluateTargetHealth: false,
      },
    });
  }
}

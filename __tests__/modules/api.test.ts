import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2ApiMapping } from '@cdktf/provider-aws/lib/apigatewayv2-api-mapping';
import { Apigatewayv2Authorizer } from '@cdktf/provider-aws/lib/apigatewayv2-authorizer';
import { Apigatewayv2DomainName } from '@cdktf/provider-aws/lib/apigatewayv2-domain-name';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { Apigatewayv2VpcLink } from '@cdktf/provider-aws/lib/apigatewayv2-vpc-link';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TerraformStack, Testing } from 'cdktf';
import { HttpApi, type HttpApiProps } from '../../modules/api';
import type { ListenerEndpoint, SecurityGroupPeer } from '../../modules/shared/connections';
import { onlyBlock, readStack, ref, type TerraformJson } from '../helpers';
import { API_JWT_HEADER } from '../../service/src/contract';

Testing.setupJest();

const LISTENER_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/test/abc/def';
const ALB_GROUP_ID = 'sg-alb';
/** Who asked the listener to admit them, and why. */
const admitted: Array<{ caller: SecurityGroupPeer; description: string }> = [];

/** The load balancer's side of the hop, as the interface the API consumes; it records what the API asks of it. */
const listener: ListenerEndpoint = {
  listenerArn: LISTENER_ARN,
  port: 443,
  destination: { role: 'alb', securityGroupId: ALB_GROUP_ID },
  allowFrom: (caller, description) => admitted.push({ caller, description }),
};

const BASE: HttpApiProps = {
  name: 'test-api',
  vpcId: 'vpc-0123',
  subnetIds: ['subnet-a', 'subnet-b'],
  listener,
  domainName: 'origin.example.com',
  certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/regional',
  hostedZoneId: 'Z0123456789ABC',
  throttle: { burstLimit: 200, rateLimit: 75 },
  accessLogRetentionDays: 30,
};
const JWT = { issuer: 'https://issuer.example.com/', audience: ['shortlinks-api'] };
/** `$default` matches any method, so it is guarded like the writes (else `POST /api/links/` would skip the token). */
const WRITE_ROUTES = ['POST /api/links', 'DELETE /api/links/{slug}', '$default'];
const READ_ROUTES = ['GET /api/links/{slug}', 'GET /api/openapi.json', 'GET /{slug}', 'HEAD /{slug}'];

function synthApi(props: Partial<HttpApiProps> = {}): string {
  return Testing.synthScope((scope) => new HttpApi(scope, 'api', { ...BASE, ...props }));
}

describe('api module', () => {
  const synthesized = synthApi();
  const stack = readStack(synthesized);

  it('creates an HTTP API whose execute-api endpoint is disabled', () => {
    expect(synthesized).toHaveResourceWithProperties(Apigatewayv2Api, {
      name: 'test-api',
      protocol_type: 'HTTP',
      disable_execute_api_endpoint: true,
    });
  });

  it('puts the VPC link in the given subnets with its own security group', () => {
    expect(synthesized).toHaveResourceWithProperties(Apigatewayv2VpcLink, {
      subnet_ids: BASE.subnetIds,
      security_group_ids: [ref(onlyBlock(stack, 'aws_security_group'), 'id')],
    });
  });

  it('gives the VPC link group no ingress and only HTTPS egress to the ALB group, all described', () => {
    expect(synthesized).toHaveResourceWithProperties(SecurityGroup, {
      vpc_id: BASE.vpcId,
      name_prefix: 'test-api-vpc-link-',
      lifecycle: { create_before_destroy: true },
      description: expect.stringMatching(/\S/),
    });
    expect(synthesized).not.toHaveResourceWithProperties(SecurityGroup, { ingress: expect.anything() });
    expect(synthesized).not.toHaveResourceWithProperties(SecurityGroup, { egress: expect.anything() });
    expect(synthesized).not.toHaveResource(VpcSecurityGroupIngressRule);
    expect(synthesized).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
      security_group_id: ref(onlyBlock(stack, 'aws_security_group'), 'id'),
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      referenced_security_group_id: ALB_GROUP_ID,
      description: expect.stringMatching(/\S/),
    });
    expect(stack.resources('aws_vpc_security_group_egress_rule')).toHaveLength(1);
    expect(onlyBlock(stack, 'aws_vpc_security_group_egress_rule').body.cidr_ipv4).toBeUndefined();
  });

  it("asks the listener to admit the VPC link's group, under the link's role", () => {
    admitted.length = 0;
    const scope = new TerraformStack(Testing.app(), 'admit');
    const api = new HttpApi(scope, 'api', BASE);
    expect(admitted).toEqual([{ caller: api.vpcLink.securityGroup, description: expect.stringMatching(/VPC link/) }]);
    expect(admitted[0].caller.role).toBe('vpc-link');
  });

  it('proxies to the ALB listener through the VPC link and verifies the origin name over TLS', () => {
    expect(synthesized).toHaveResourceWithProperties(Apigatewayv2Integration, {
      integration_type: 'HTTP_PROXY',
      integration_method: 'ANY',
      integration_uri: LISTENER_ARN,
      connection_type: 'VPC_LINK',
      connection_id: ref(onlyBlock(stack, 'aws_apigatewayv2_vpc_link'), 'id'),
      tls_config: { server_name_to_verify: 'origin.example.com' },
      payload_format_version: '1.0',
      timeout_milliseconds: 10000,
    });
  });

  it('routes the service paths and $default to the integration, without an authorizer by default', () => {
    const integration = ref(onlyBlock(stack, 'aws_apigatewayv2_integration'), 'id');
    for (const routeKey of [...WRITE_ROUTES, ...READ_ROUTES]) {
      expect(synthesized).toHaveResourceWithProperties(Apigatewayv2Route, {
        route_key: routeKey,
        target: `integrations/${integration}`,
        authorization_type: 'NONE',
      });
    }
    expect(stack.resources('aws_apigatewayv2_route')).toHaveLength(WRITE_ROUTES.length + READ_ROUTES.length);
    expect(synthesized).not.toHaveResourceWithProperties(Apigatewayv2Route, { authorizer_id: expect.anything() });
    expect(synthesized).not.toHaveResource(Apigatewayv2Authorizer);
  });

  it('deploys the $default stage automatically with throttling and JSON access logs', () => {
    const logGroup = onlyBlock(stack, 'aws_cloudwatch_log_group');
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 30 });
    expect(synthesized).toHaveResourceWithProperties(Apigatewayv2Stage, {
      name: '$default',
      auto_deploy: true,
      default_route_settings: expect.objectContaining({ throttling_burst_limit: 200, throttling_rate_limit: 75 }),
      access_log_settings: { destination_arn: ref(logGroup, 'arn'), format: expect.any(String) },
    });
    const stage = onlyBlock(stack, 'aws_apigatewayv2_stage').body;
    expect(JSON.parse((stage.access_log_settings as { format: string }).format)).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      requestTime: '$context.requestTime',
      httpMethod: '$context.httpMethod',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLength: '$context.responseLength',
      integrationError: '$context.integrationErrorMessage',
      integrationLatency: '$context.integrationLatency',
    });
  });

  it('serves a regional TLS 1.2 custom domain mapped to the stage', () => {
    expect(synthesized).toHaveResourceWithProperties(Apigatewayv2DomainName, {
      domain_name: 'origin.example.com',
      domain_name_configuration: {
        certificate_arn: BASE.certificateArn,
        endpoint_type: 'REGIONAL',
        security_policy: 'TLS_1_2',
      },
    });
    expect(synthesized).toHaveResourceWithProperties(Apigatewayv2ApiMapping, {
      api_id: ref(onlyBlock(stack, 'aws_apigatewayv2_api'), 'id'),
      domain_name: ref(onlyBlock(stack, 'aws_apigatewayv2_domain_name'), 'id'),
      stage: ref(onlyBlock(stack, 'aws_apigatewayv2_stage'), 'id'),
    });
  });

  it('points the custom domain record at the API Gateway regional endpoint', () => {
    const domain = onlyBlock(stack, 'aws_apigatewayv2_domain_name');
    expect(synthesized).toHaveResourceWithProperties(Route53Record, {
      zone_id: BASE.hostedZoneId,
      name: 'origin.example.com',
      type: 'A',
      alias: {
        name: ref(domain, 'domain_name_configuration[0].target_domain_name'),
        zone_id: ref(domain, 'domain_name_configuration[0].hosted_zone_id'),
        evaluate_target_health: false,
      },
    });
    expect(stack.resources('aws_route53_record')).toHaveLength(1);
  });

  it('rejects an integration timeout API Gateway would refuse, naming the construct path and the prop', () => {
    expect(() => synthApi({ integrationTimeoutMs: 30_001 })).toThrow(
      /stack\/api: integrationTimeoutMs: must be a whole number from 50 to 30000, got 30001/,
    );
    expect(() => synthApi({ integrationTimeoutMs: 49 })).toThrow(/integrationTimeoutMs/);
  });
});

describe('api module with a JWT authorizer', () => {
  const synthesized = synthApi({ jwt: JWT });

  it('creates a JWT authorizer for the configured issuer and audience', () => {
    expect(synthesized).toHaveResourceWithProperties(Apigatewayv2Authorizer, {
      authorizer_type: 'JWT',
      identity_sources: [`$request.header.${API_JWT_HEADER}`],
      jwt_configuration: { issuer: JWT.issuer, audience: JWT.audience },
    });
  });

  it('requires a token on POST, DELETE and the catch-all $default, and on no read route', () => {
    const authorizer = ref(onlyBlock(readStack(synthesized), 'aws_apigatewayv2_authorizer'), 'id');
    for (const routeKey of WRITE_ROUTES) {
      expect(synthesized).toHaveResourceWithProperties(Apigatewayv2Route, {
        route_key: routeKey,
        authorization_type: 'JWT',
        authorizer_id: authorizer,
      });
    }
    for (const routeKey of READ_ROUTES) {
      expect(synthesized).toHaveResourceWithProperties(Apigatewayv2Route, {
        route_key: routeKey,
        authorization_type: 'NONE',
      });
      expect(synthesized).not.toHaveResourceWithProperties(Apigatewayv2Route, {
        route_key: routeKey,
        authorizer_id: expect.anything(),
      });
    }
  });

  it('writes the CKV_AWS_309 exception on each public read route, and on no write route', () => {
    const scope = new TerraformStack(Testing.app(), 'raw');
    new HttpApi(scope, 'api', { ...BASE, jwt: JWT });
    // Testing.synth drops `//` comments, so read the stack's own Terraform object, where the checker finds them.
    const raw = readStack(scope.toTerraform() as TerraformJson);
    const exceptions = Object.fromEntries(
      raw
        .resources('aws_apigatewayv2_route')
        .map((route) => [
          route.body.route_key as string,
          (route.comment as { policy_exceptions?: Record<string, string> } | undefined)?.policy_exceptions,
        ]),
    );
    for (const key of READ_ROUTES) expect(exceptions[key]).toEqual({ CKV_AWS_309: expect.stringMatching(/\S/) });
    for (const key of WRITE_ROUTES) expect(exceptions[key]).toBeUndefined();
  });
});

describe('per-route metrics', () => {
  const routeSettings = (props: Partial<HttpApiProps>) =>
    onlyBlock(readStack(synthApi(props)), 'aws_apigatewayv2_stage').body.default_route_settings as Record<
      string,
      unknown
    >;

  it('are off by default: alarms and dashboards read the free API-wide metrics', () => {
    expect(routeSettings({}).detailed_metrics_enabled).toBe(false);
  });

  it('are on when asked', () => {
    expect(routeSettings({ detailedRouteMetrics: true }).detailed_metrics_enabled).toBe(true);
  });
});

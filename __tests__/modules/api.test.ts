import { TerraformStack, Testing } from 'cdktf';
import { HttpApi, type HttpApiProps } from '../../modules/api';
import type { ListenerEndpoint, SecurityGroupPeer } from '../../modules/shared/connections';
import { blocksOf, onlyResource, reference, synthScope, type Block, type TerraformJson, onlyName } from '../helpers';

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

function synthApi(props: Partial<HttpApiProps> = {}): TerraformJson {
  return synthScope((scope) => new HttpApi(scope, 'api', { ...BASE, ...props }));
}

function routesByKey(json: TerraformJson): Record<string, Block> {
  return Object.fromEntries(
    blocksOf(json, 'aws_apigatewayv2_route').map((route) => [route.route_key as string, route]),
  );
}

describe('api module', () => {
  const json = synthApi();

  it('creates an HTTP API whose execute-api endpoint is disabled', () => {
    expect(onlyResource(json, 'aws_apigatewayv2_api')).toMatchObject({
      protocol_type: 'HTTP',
      disable_execute_api_endpoint: true,
    });
  });

  it('puts the VPC link in the given subnets with its own security group', () => {
    const link = onlyResource(json, 'aws_apigatewayv2_vpc_link');
    expect(link.subnet_ids).toEqual(BASE.subnetIds);
    expect(link.security_group_ids).toEqual([
      reference('aws_security_group', onlyName(json, 'aws_security_group'), 'id'),
    ]);
  });

  it('gives the VPC link group no ingress and only HTTPS egress to the ALB group, all described', () => {
    const group = onlyResource(json, 'aws_security_group');
    expect(group.vpc_id).toBe(BASE.vpcId);
    expect(group.description).toEqual(expect.any(String));
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
    expect(blocksOf(json, 'aws_vpc_security_group_ingress_rule')).toHaveLength(0);
    const egress = onlyResource(json, 'aws_vpc_security_group_egress_rule');
    expect(egress).toMatchObject({
      security_group_id: reference('aws_security_group', onlyName(json, 'aws_security_group'), 'id'),
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      referenced_security_group_id: ALB_GROUP_ID,
    });
    expect(egress.cidr_ipv4).toBeUndefined();
    expect((egress.description as string).length).toBeGreaterThan(0);
  });

  it("asks the listener to admit the VPC link's group, under the link's role", () => {
    admitted.length = 0;
    const stack = new TerraformStack(Testing.app(), 'admit');
    const api = new HttpApi(stack, 'api', BASE);
    expect(admitted).toEqual([{ caller: api.vpcLink.securityGroup, description: expect.stringMatching(/VPC link/) }]);
    expect(admitted[0].caller.role).toBe('vpc-link');
  });

  it('proxies to the ALB listener through the VPC link and verifies the origin name over TLS', () => {
    expect(onlyResource(json, 'aws_apigatewayv2_integration')).toMatchObject({
      integration_type: 'HTTP_PROXY',
      integration_method: 'ANY',
      integration_uri: LISTENER_ARN,
      connection_type: 'VPC_LINK',
      connection_id: reference('aws_apigatewayv2_vpc_link', onlyName(json, 'aws_apigatewayv2_vpc_link'), 'id'),
      tls_config: { server_name_to_verify: 'origin.example.com' },
      payload_format_version: '1.0',
      timeout_milliseconds: 10000,
    });
  });

  it('routes the service paths and $default to the integration, without an authorizer by default', () => {
    const routes = routesByKey(json);
    expect(Object.keys(routes).sort()).toEqual([
      '$default',
      'DELETE /api/links/{slug}',
      'GET /api/links/{slug}',
      'GET /api/openapi.json',
      'GET /{slug}',
      'HEAD /{slug}',
      'POST /api/links',
    ]);
    const integration = reference('aws_apigatewayv2_integration', onlyName(json, 'aws_apigatewayv2_integration'), 'id');
    for (const route of Object.values(routes)) {
      expect(route.target).toBe(`integrations/${integration}`);
      expect(route.authorization_type).toBe('NONE');
      expect(route.authorizer_id).toBeUndefined();
    }
    expect(blocksOf(json, 'aws_apigatewayv2_authorizer')).toHaveLength(0);
  });

  it('deploys the $default stage automatically with throttling and JSON access logs', () => {
    const logGroupName = onlyName(json, 'aws_cloudwatch_log_group');
    const stage = onlyResource(json, 'aws_apigatewayv2_stage');
    expect(stage).toMatchObject({
      name: '$default',
      auto_deploy: true,
      default_route_settings: { throttling_burst_limit: 200, throttling_rate_limit: 75 },
    });
    const accessLog = stage.access_log_settings as { destination_arn: string; format: string };
    expect(accessLog.destination_arn).toBe(reference('aws_cloudwatch_log_group', logGroupName, 'arn'));
    expect(JSON.parse(accessLog.format)).toMatchObject({
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
    expect(onlyResource(json, 'aws_cloudwatch_log_group').retention_in_days).toBe(30);
  });

  it('serves a regional TLS 1.2 custom domain mapped to the stage', () => {
    const domain = onlyResource(json, 'aws_apigatewayv2_domain_name');
    expect(domain).toMatchObject({
      domain_name: 'origin.example.com',
      domain_name_configuration: {
        certificate_arn: BASE.certificateArn,
        endpoint_type: 'REGIONAL',
        security_policy: 'TLS_1_2',
      },
    });
    expect(onlyResource(json, 'aws_apigatewayv2_api_mapping')).toMatchObject({
      api_id: reference('aws_apigatewayv2_api', onlyName(json, 'aws_apigatewayv2_api'), 'id'),
      domain_name: reference('aws_apigatewayv2_domain_name', onlyName(json, 'aws_apigatewayv2_domain_name'), 'id'),
      stage: reference('aws_apigatewayv2_stage', onlyName(json, 'aws_apigatewayv2_stage'), 'id'),
    });
  });

  it('points the custom domain record at the API Gateway regional endpoint', () => {
    const domainName = onlyName(json, 'aws_apigatewayv2_domain_name');
    expect(onlyResource(json, 'aws_route53_record')).toEqual({
      zone_id: BASE.hostedZoneId,
      name: 'origin.example.com',
      type: 'A',
      alias: {
        name: reference('aws_apigatewayv2_domain_name', domainName, 'domain_name_configuration[0].target_domain_name'),
        zone_id: reference('aws_apigatewayv2_domain_name', domainName, 'domain_name_configuration[0].hosted_zone_id'),
        evaluate_target_health: false,
      },
    });
  });

  it('rejects an integration timeout API Gateway would refuse', () => {
    expect(() => synthApi({ integrationTimeoutMs: 30_001 })).toThrow(
      /stack\/api: integrationTimeoutMs: must be a whole number from 50 to 30000, got 30001/,
    );
    expect(() => synthApi({ integrationTimeoutMs: 49 })).toThrow(/integrationTimeoutMs/);
  });
});

describe('api module with a JWT authorizer', () => {
  const json = synthApi({ jwt: JWT });

  it('creates a JWT authorizer for the configured issuer and audience', () => {
    expect(onlyResource(json, 'aws_apigatewayv2_authorizer')).toMatchObject({
      authorizer_type: 'JWT',
      identity_sources: ['$request.header.Authorization'],
      jwt_configuration: { issuer: JWT.issuer, audience: JWT.audience },
    });
  });

  it('requires a token on POST, DELETE and the catch-all $default, and on no read route', () => {
    const authorizer = reference('aws_apigatewayv2_authorizer', onlyName(json, 'aws_apigatewayv2_authorizer'), 'id');
    const routes = routesByKey(json);
    for (const key of WRITE_ROUTES) {
      expect(routes[key]).toMatchObject({ authorization_type: 'JWT', authorizer_id: authorizer });
    }
    for (const key of READ_ROUTES) {
      expect(routes[key].authorization_type).toBe('NONE');
      expect(routes[key].authorizer_id).toBeUndefined();
    }
  });

  it('writes the CKV_AWS_309 exception on each public read route, and on no write route', () => {
    const scope = new TerraformStack(Testing.app(), 'raw');
    new HttpApi(scope, 'api', { ...BASE, jwt: JWT });
    // Testing.synth drops `//` comments, so read the stack's own Terraform object, where the checker finds them.
    const raw = scope.toTerraform() as TerraformJson;
    const exceptions = Object.fromEntries(
      blocksOf(raw, 'aws_apigatewayv2_route').map((route) => [
        route.route_key as string,
        (route['//'] as { policy_exceptions?: Record<string, string> } | undefined)?.policy_exceptions,
      ]),
    );
    for (const key of READ_ROUTES) expect(exceptions[key]).toEqual({ CKV_AWS_309: expect.stringMatching(/\S/) });
    for (const key of WRITE_ROUTES) expect(exceptions[key]).toBeUndefined();
  });
});

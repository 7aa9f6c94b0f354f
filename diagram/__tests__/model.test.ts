import { buildModel } from '../build-model';
import type { DiagramModel, DiagramNode } from '../model';
import { editedStack, fixtureStack, onlyResource } from './fixture-stacks';

const prod = () => buildModel(fixtureStack('prod'));
const dev = () => buildModel(fixtureStack('dev'));

function where(model: DiagramModel, kind: string): string[] {
  return model.nodes
    .filter((n) => n.kind === kind)
    .map((n) => (n.area.kind === 'subnet' ? `${n.area.az}/${n.area.tier}` : n.area.kind));
}

function edge(model: DiagramModel, from: DiagramNode['kind'], to: DiagramNode['kind']) {
  const kindOf = new Map(model.nodes.map((n) => [n.id, n.kind]));
  return model.edges.filter((e) => kindOf.get(e.from) === from && kindOf.get(e.to) === to);
}

describe('grouping by AZ and subnet', () => {
  it('draws one column per AZ, public subnet above private, with the CIDRs of the stack', () => {
    expect(prod().availabilityZones).toEqual([
      {
        name: 'eu-west-1a',
        subnets: [
          { tier: 'public', cidr: '10.0.0.0/24' },
          { tier: 'private', cidr: '10.0.16.0/20' },
        ],
      },
      {
        name: 'eu-west-1b',
        subnets: [
          { tier: 'public', cidr: '10.0.1.0/24' },
          { tier: 'private', cidr: '10.0.32.0/20' },
        ],
      },
      {
        name: 'eu-west-1c',
        subnets: [
          { tier: 'public', cidr: '10.0.2.0/24' },
          { tier: 'private', cidr: '10.0.48.0/20' },
        ],
      },
    ]);
  });

  it('places an ALB node and the Fargate tasks in each private subnet, a NAT gateway in each public one', () => {
    const model = prod();
    const privates = ['eu-west-1a/private', 'eu-west-1b/private', 'eu-west-1c/private'];
    expect(where(model, 'alb')).toEqual(privates);
    expect(where(model, 'fargate')).toEqual(privates);
    expect(where(model, 'nat')).toEqual(['eu-west-1a/public', 'eu-west-1b/public', 'eu-west-1c/public']);
  });

  it('puts a single NAT gateway only in the public subnet its resource names (dev)', () => {
    expect(where(dev(), 'nat')).toEqual(['eu-west-1a/public']);
  });

  it('follows the subnets a resource names: a service in two of three subnets runs in two AZs', () => {
    const model = buildModel(
      editedStack('prod', (json) => {
        const config = onlyResource(json, 'aws_ecs_service').network_configuration as { subnets: string[] };
        config.subnets = config.subnets.slice(0, 2);
      }),
    );
    expect(where(model, 'fargate')).toEqual(['eu-west-1a/private', 'eu-west-1b/private']);
    expect(edge(model, 'alb', 'fargate').map((e) => `${e.from} ${e.to}`)).toEqual([
      'alb_eu_west_1a fargate_eu_west_1a',
      'alb_eu_west_1b fargate_eu_west_1b',
    ]);
  });

  it('puts the edge services and everything on the us-east-1 provider outside the Region', () => {
    const model = prod();
    const edgeNodes = model.nodes.filter((n) => n.area.kind === 'edge').map((n) => n.id);
    expect(edgeNodes).toEqual(['dns', 'cdn', 'waf', 'certificate_us_east_1', 'logs_us_east_1']);
    expect(model.edgeRegions).toEqual(['us-east-1']);
    expect(where(model, 'certificate')).toEqual(['edge', 'region']);
  });

  it('keeps API Gateway, the VPC link, the data services and the state bucket in the Region, endpoints on the VPC edge', () => {
    const model = prod();
    for (const kind of ['api', 'vpcLink', 'table', 'registry', 'stateBucket'])
      expect(where(model, kind)).toEqual(['region']);
    expect(where(model, 'endpoints')).toEqual(['vpc-edge', 'vpc-edge']);
    expect(model.nodes.find((n) => n.id === 'endpoints_interface')?.details).toEqual([
      'Interface: ecr.api, ecr.dkr, logs',
    ]);
  });

  it('leaves IAM, security groups, route tables and other plumbing out of the picture', () => {
    const kinds = new Set(prod().nodes.map((n) => n.kind));
    expect([...kinds].sort()).toEqual(
      [
        'alb',
        'api',
        'bucket',
        'cdn',
        'certificate',
        'client',
        'dns',
        'endpoints',
        'fargate',
        'flowLogs',
        'internetGateway',
        'logs',
        'nat',
        'registry',
        'stateBucket',
        'table',
        'vpcLink',
        'waf',
      ].sort(),
    );
  });

  it('labels nodes with service names and human facts, never Terraform addresses', () => {
    for (const node of prod().nodes) {
      for (const text of [node.title, ...node.details]) expect(text).not.toMatch(/aws_[a-z0-9_]+\.|\$\{/);
    }
    const fargate = prod().nodes.find((n) => n.id === 'fargate_eu_west_1a')!;
    expect([fargate.title, ...fargate.details]).toEqual(['AWS Fargate', 'ECS service shortlinks', '512 CPU, 1024 MiB']);
  });
});

describe('edges found from references', () => {
  it('follows the request path from the client to DynamoDB', () => {
    const request = dev()
      .edges.filter((e) => e.flow === 'request')
      .map((e) => `${e.from} -> ${e.to}`);
    expect(request).toEqual([
      'client -> dns',
      'dns -> cdn',
      'cdn -> api',
      'api -> vpc_link',
      'vpc_link -> alb_eu_west_1a',
      'vpc_link -> alb_eu_west_1b',
      'alb_eu_west_1a -> fargate_eu_west_1a',
      'alb_eu_west_1b -> fargate_eu_west_1b',
      'fargate_eu_west_1a -> table',
      'fargate_eu_west_1b -> table',
    ]);
  });

  it('draws the supporting flows: image pull, logs, certificates, firewall', () => {
    const support = dev()
      .edges.filter((e) => e.flow === 'support')
      .map((e) => `${e.from} -> ${e.to} (${e.label})`);
    expect(support).toEqual([
      'cdn -> waf (web ACL)',
      'cdn -> certificate_us_east_1 (TLS)',
      'cdn -> bucket_edge (access logs)',
      'waf -> logs_us_east_1 (WAF logs)',
      'api -> certificate_service (TLS)',
      'api -> logs_eu_west_1 (access logs)',
      'alb_eu_west_1a -> certificate_service (TLS)',
      'alb_eu_west_1a -> bucket_service (access logs)',
      'alb_eu_west_1b -> certificate_service (TLS)',
      'alb_eu_west_1b -> bucket_service (access logs)',
      'fargate_eu_west_1a -> logs_eu_west_1 (app logs)',
      'fargate_eu_west_1b -> logs_eu_west_1 (app logs)',
      'registry -> fargate_eu_west_1a (image pull)',
      'registry -> fargate_eu_west_1b (image pull)',
      'flow_logs -> logs_eu_west_1 (flow logs)',
    ]);
  });

  it('drops an edge when the reference behind it goes away', () => {
    const model = buildModel(
      editedStack('dev', (json) => {
        const task = onlyResource(json, 'aws_ecs_task_definition');
        task.container_definitions = String(task.container_definitions).replace(
          /\$\{aws_dynamodb_table\.[^}]+\}/,
          'links',
        );
      }),
    );
    expect(edge(model, 'fargate', 'table')).toEqual([]);
    expect(edge(model, 'fargate', 'registry').length + edge(model, 'registry', 'fargate').length).toBe(2);
  });

  it('goes straight from API Gateway to the ALB when the integration names no VPC link', () => {
    const model = buildModel(
      editedStack('dev', (json) => {
        delete onlyResource(json, 'aws_apigatewayv2_integration').connection_id;
      }),
    );
    expect(edge(model, 'api', 'alb').map((e) => e.to)).toEqual(['alb_eu_west_1a', 'alb_eu_west_1b']);
    expect(edge(model, 'vpcLink', 'alb')).toEqual([]);
  });
});

describe('bad input', () => {
  it('names a subnet without a Tier tag', () => {
    const stack = editedStack('dev', (json) => {
      const subnet = Object.values(json.resource.aws_subnet)[0];
      subnet.tags = { Name: 'no-tier' };
    });
    expect(() => buildModel(stack)).toThrow(
      /aws_subnet\.network_\S+ \(dev\/network\/\S+\) needs a tag Tier = "public" or "private"/,
    );
  });

  it('names a subnet whose AZ is only known at apply time', () => {
    const stack = editedStack('dev', (json) => {
      Object.values(json.resource.aws_subnet)[0].availability_zone = '${data.aws_availability_zones.all.names[0]}';
    });
    expect(() => buildModel(stack)).toThrow(/has no literal availability_zone/);
  });

  it('names a load balancer that sits in no subnet', () => {
    const stack = editedStack('dev', (json) => {
      onlyResource(json, 'aws_lb').subnets = [];
    });
    expect(() => buildModel(stack)).toThrow(/aws_lb\.\S+ \(dev\/service\/alb\) references no aws_subnet/);
  });

  it('refuses a stack without subnets, naming it', () => {
    expect(() => buildModel(fixtureStack('state'))).toThrow('Stack "state" has no aws_subnet');
  });
});

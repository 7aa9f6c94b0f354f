import { blocks, strings } from '../../lib/terraform-json/attributes';
import { mentions } from '../../lib/terraform-json/references';
import type { Block, StackModel } from './stack';

/** A route table is public when it routes to an internet gateway; everything else in the VPC is private. */
export function isPublicRouteTable(stack: StackModel, table: Block): boolean {
  const routes = [
    ...blocks(table.body.route),
    ...stack.referrers(table, 'route_table_id', 'aws_route').map((route) => route.body),
  ];
  return routes.some((route) => {
    const gateway = route.gateway_id;
    return stack.target(gateway)?.type === 'aws_internet_gateway' || String(gateway ?? '').startsWith('igw-');
  });
}

export function routeTablesOfSubnet(stack: StackModel, subnet: Block): Block[] {
  return stack
    .referrers(subnet, 'subnet_id', 'aws_route_table_association')
    .flatMap((association) => stack.target(association.body.route_table_id) ?? []);
}

export function isPublicSubnet(stack: StackModel, subnet: Block): boolean {
  return routeTablesOfSubnet(stack, subnet).some((table) => isPublicRouteTable(stack, table));
}

export function privateRouteTables(stack: StackModel): Block[] {
  return stack.resources('aws_route_table').filter((table) => !isPublicRouteTable(stack, table));
}

/** Gateway endpoints (type absent or `Gateway`) whose service name ends in `.<service>`. */
export function gatewayEndpoints(stack: StackModel, service: string): Block[] {
  return stack.resources('aws_vpc_endpoint').filter((endpoint) => {
    const type = endpoint.body.vpc_endpoint_type;
    return (
      (type === undefined || type === 'Gateway') && String(endpoint.body.service_name ?? '').endsWith(`.${service}`)
    );
  });
}

export function endpointServesRouteTable(stack: StackModel, endpoint: Block, table: Block): boolean {
  if (strings(endpoint.body.route_table_ids).some((id) => mentions(id, table.address))) return true;
  return stack
    .referrers(endpoint, 'vpc_endpoint_id', 'aws_vpc_endpoint_route_table_association')
    .some((association) => mentions(association.body.route_table_id, table.address));
}

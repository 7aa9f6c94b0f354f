/** The network tier's choices, shared by config validation and the network module; no imports. */

/**
 * `none`: no NAT gateway and no internet gateway, so nothing in the VPC has a path to the internet; AWS APIs are
 * reached through endpoints only (the network refuses this unless the endpoints its workloads need exist).
 * `single`: one NAT gateway for all AZs (one AZ's outage cuts egress). `per-az`: one per AZ (HA).
 */
export const NAT_MODES = ['none', 'single', 'per-az'] as const;
export type NatMode = (typeof NAT_MODES)[number];

/** Interface endpoints the private subnets may use instead of NAT for AWS APIs. */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'logs'] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

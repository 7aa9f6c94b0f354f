import { literal } from './details';
import type { AvailabilityZone, SubnetBox, Tier } from './model';
import type { Resource } from './resources';

export interface PlacedSubnet extends SubnetBox {
  readonly az: string;
}

/** Every `aws_subnet` by address, with its literal AZ and its tier (the `Tier` tag the network module sets). */
export function readSubnets(resources: readonly Resource[]): Map<string, PlacedSubnet> {
  const subnets = new Map<string, PlacedSubnet>();
  for (const subnet of resources.filter((r) => r.type === 'aws_subnet')) {
    const az = literal(subnet.attributes.availability_zone);
    if (az === undefined) {
      throw new Error(`${subnet.address} (${subnet.constructPath}) has no literal availability_zone to draw it in.`);
    }
    const tags = (subnet.attributes.tags ?? {}) as Record<string, unknown>;
    const tier = String(tags.Tier ?? '').toLowerCase();
    if (tier !== 'public' && tier !== 'private') {
      throw new Error(
        `${subnet.address} (${subnet.constructPath}) needs a tag Tier = "public" or "private", got "${tags.Tier}".`,
      );
    }
    subnets.set(subnet.address, { az, tier: tier as Tier, cidr: literal(subnet.attributes.cidr_block) });
  }
  return subnets;
}

/** One column per AZ in name order, public subnet above private. */
export function availabilityZones(subnets: Iterable<PlacedSubnet>): AvailabilityZone[] {
  const byAz = new Map<string, PlacedSubnet[]>();
  for (const subnet of subnets) {
    byAz.set(subnet.az, [...(byAz.get(subnet.az) ?? []), subnet]);
  }
  const tierOrder: Record<Tier, number> = { public: 0, private: 1 };
  return [...byAz.keys()].sort().map((name) => ({
    name,
    subnets: byAz
      .get(name)!
      .sort((a, b) => tierOrder[a.tier] - tierOrder[b.tier] || String(a.cidr).localeCompare(String(b.cidr)))
      .map(({ tier, cidr }) => ({ tier, cidr })),
  }));
}

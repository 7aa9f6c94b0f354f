import { forEachString, referencesIn } from '../lib/terraform-json/references';
import type { Resource } from './resources';

/** One resource naming another, either by a Terraform reference or by a hostname the other one serves. */
export interface Reference {
  readonly from: Resource;
  readonly to: Resource;
  /** Where in `from` the reference sits, e.g. `default_action[0].target_group_arn` (for the error messages and tests). */
  readonly attribute: string;
}

// Hostnames a resource serves, so that a literal name elsewhere (CloudFront's origin `origin.example.com`) counts as a
// reference to it, as it does at run time through DNS.
const SERVED_HOSTNAMES: Readonly<Record<string, readonly string[]>> = {
  aws_apigatewayv2_domain_name: ['domain_name'],
};

/** Every reference between resources of one stack, in a stable order. A resource never refers to itself. */
export function findReferences(resources: readonly Resource[]): Reference[] {
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const byHostname = hostnameIndex(resources);
  const references: Reference[] = [];
  const seen = new Set<string>();
  for (const from of resources) {
    forEachString(from.attributes, (value, attribute) => {
      // Interpolations anywhere in the string, also inside JSON kept as a string (container definitions, policies).
      const named = referencesIn(value).filter((ref) => ref.kind === 'resource');
      for (const to of [...named.map((ref) => byAddress.get(ref.address)), byHostname.get(value)]) {
        const key = `${from.address} ${attribute} ${to?.address}`;
        if (to && to !== from && !seen.has(key)) {
          seen.add(key);
          references.push({ from, to, attribute });
        }
      }
    });
  }
  return references;
}

function hostnameIndex(resources: readonly Resource[]): Map<string, Resource> {
  const index = new Map<string, Resource>();
  for (const resource of resources) {
    for (const attribute of SERVED_HOSTNAMES[resource.type] ?? []) {
      const hostname = resource.attributes[attribute];
      if (typeof hostname === 'string' && !hostname.includes('${')) {
        index.set(hostname, resource);
      }
    }
  }
  return index;
}

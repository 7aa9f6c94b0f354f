import type { Resource } from './resources';

/** One resource naming another, either by a Terraform reference or by a hostname the other one serves. */
export interface Reference {
  readonly from: Resource;
  readonly to: Resource;
  /** Where in `from` the reference sits, e.g. `default_action[0].target_group_arn` (for the error messages and tests). */
  readonly attribute: string;
}

// A resource address inside an interpolation: `${aws_lb.service_alb_ABC.arn}`, also nested in function calls or in
// JSON documents kept as strings (container definitions, policies). `data.` sources are not resources and never match.
const ADDRESS = /(?<![\w.])(aws_[a-z0-9_]+\.[A-Za-z_][\w-]*)/g;

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
    visit(from.attributes, '', (attribute, value) => {
      const targets = value.includes('${') ? addressesIn(value).map((a) => byAddress.get(a)) : [byHostname.get(value)];
      for (const to of targets) {
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

function addressesIn(expression: string): string[] {
  return [...expression.matchAll(ADDRESS)].map((match) => match[1]);
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

function visit(value: unknown, attribute: string, onString: (attribute: string, value: string) => void): void {
  if (typeof value === 'string') {
    onString(attribute, value);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => visit(item, `${attribute}[${index}]`, onString));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key !== '//') {
        visit(item, attribute ? `${attribute}.${key}` : key, onString);
      }
    }
  }
}

import { Lazy, TerraformResource, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';

/**
 * Terraform addresses earlier versions of the platform stack gave resources that still exist, each with the construct
 * path (below the stack) that holds the resource now. Every entry becomes a `moved` block, so a state written by the
 * earlier version is carried over on the next plan instead of destroying and recreating the resource (the repository
 * would not even allow that: it has `prevent_destroy`). A `moved` block whose source is not in the state does
 * nothing, so fresh environments are unaffected. Remove an entry once every environment has applied past it.
 */
export const PREVIOUS_ADDRESSES: ReadonlyArray<{ readonly from: string; readonly path: string }> = [
  // The ECR repository left the data tier for a module of its own.
  { from: 'aws_ecr_repository.data_repository_AC248C83', path: 'image-repository/repository' },
  { from: 'aws_ecr_lifecycle_policy.data_repository-lifecycle_A670E96E', path: 'image-repository/lifecycle-policy' },
  // The load balancer's rules were numbered in call order; they are now named after the peer they admit.
  {
    from: 'aws_vpc_security_group_ingress_rule.load-balancer_https-from-0_6800C334',
    path: 'load-balancer/https-from-vpc-link',
  },
  { from: 'aws_vpc_security_group_egress_rule.load-balancer_to-targets-0_7012CB97', path: 'load-balancer/to-tasks' },
];

/**
 * Adds a `moved` block for every entry of `PREVIOUS_ADDRESSES`; throws when a path no longer holds a resource.
 *
 * Written as the stack's `moved` list rather than through cdktf's `moveFromId`, which writes the same blocks but
 * also makes the stack run `terraform version` at every synth to check for Terraform ≥ 1.5: each stack's
 * `required_version` (lib/terraform-version.ts) already has Terraform itself refuse older versions.
 */
export function moveFromPreviousAddresses(stack: TerraformStack): void {
  const moved = PREVIOUS_ADDRESSES.map(({ from, path }) => {
    const resource = path
      .split('/')
      .reduce((scope, id) => scope?.node.tryFindChild(id), stack as IConstruct | undefined);
    if (!(resource instanceof TerraformResource)) {
      throw new Error(
        `${stack.node.path}/${path}: no resource here to move ${from} to; update stacks/previous-addresses.ts`,
      );
    }
    // The target's logical id is read at synth, after any override of it.
    const to = Lazy.stringValue({ produce: () => `${resource.terraformResourceType}.${resource.friendlyUniqueId}` });
    return { from, to };
  });
  stack.addOverride('moved', moved);
}

import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { TierSecurityGroup } from '../../modules/shared/security-group';
import { readStack } from '../helpers';

Testing.setupJest();

const PROPS = { vpcId: 'vpc-0123', name: 'links-dev', role: 'tasks', description: 'Tasks: the ALB in, HTTPS out' };

describe('tier security group', () => {
  it('is named by prefix and tag after its role, and replaced before it is destroyed', () => {
    const synthesized = Testing.synthScope((scope) => new TierSecurityGroup(scope, 'security-group', PROPS));
    expect(synthesized).toHaveResourceWithProperties(SecurityGroup, {
      vpc_id: 'vpc-0123',
      name_prefix: 'links-dev-tasks-',
      description: 'Tasks: the ALB in, HTTPS out',
      lifecycle: { create_before_destroy: true },
      tags: { Name: 'links-dev-tasks' },
    });
    expect(synthesized).not.toHaveResourceWithProperties(SecurityGroup, { ingress: expect.anything() });
    expect(synthesized).not.toHaveResourceWithProperties(SecurityGroup, { egress: expect.anything() });
  });

  it('takes inline rules for a group whose rules never change, an empty egress list included', () => {
    const ingress = [
      { description: 'HTTPS', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['10.0.0.0/16'] },
    ];
    const synthesized = Testing.synthScope(
      (scope) => new TierSecurityGroup(scope, 'security-group', { ...PROPS, ingress, egress: [] }),
    );
    expect(synthesized).toHaveResourceWithProperties(SecurityGroup, {
      ingress: [
        expect.objectContaining({ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/16'] }),
      ],
      egress: [],
    });
  });

  it('is the aws_security_group resource itself: switching a tier to it keeps the Terraform address', () => {
    const addressOf = (make: (scope: Construct) => SecurityGroup) => {
      const stack = new TerraformStack(Testing.app(), 'tier');
      const group = make(new Construct(stack, 'service'));
      expect(group).toBeInstanceOf(SecurityGroup);
      return readStack(Testing.synth(stack))
        .resources('aws_security_group')
        .map((block) => block.address);
    };
    const plain = addressOf((scope) => new SecurityGroup(scope, 'security-group', { vpcId: 'vpc-0123' }));
    expect(plain).toEqual(['aws_security_group.service_security-group_3A537956']);
    expect(addressOf((scope) => new TierSecurityGroup(scope, 'security-group', PROPS))).toEqual(plain);
  });

  it('is a peer other tiers can name rules after', () => {
    const stack = new TerraformStack(Testing.app(), 'peer');
    const group = new TierSecurityGroup(stack, 'security-group', PROPS);
    expect(group.role).toBe('tasks');
    expect(group.securityGroupId).toEqual(expect.stringContaining('TfToken'));
  });
});

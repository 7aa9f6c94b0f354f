import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';

export interface PolicyStatement {
  /**
   * Statement id, which names the permission in the console and in access analyzer findings.
   * @default none
   */
  readonly sid?: string;
  /** Actions allowed, each a literal `service:Action`. */
  readonly actions: string[];
  /** Resources the actions are allowed on, named one by one. */
  readonly resources: string[];
  /**
   * IAM conditions that narrow the statement further.
   * @default none
   */
  readonly conditions?: Array<{ test: string; variable: string; values: string[] }>;
}

export interface ServiceRoleProps {
  /** Service principal allowed to assume the role, e.g. `ecs-tasks.amazonaws.com`. Never `*`. */
  readonly servicePrincipal: string;
  /** Account the calling service must act for (confused-deputy guard, `aws:SourceAccount`). */
  readonly sourceAccount: string;
  /** Inline permissions; each statement names its resources. */
  readonly statements: readonly PolicyStatement[];
  /** What the role is for, shown in the console. */
  readonly description: string;
}

/**
 * An IAM role one AWS service assumes, with inline least-privilege permissions. Policies are
 * `aws_iam_policy_document` data sources: Terraform computes them locally, so plans need no AWS call.
 */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  /**
   * The inline permissions. Whatever uses the role at once (ECS starting tasks, flow logs) should depend on it:
   * the role's ARN exists before its permissions do.
   */
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: [props.servicePrincipal] }],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.sourceAccount] }],
        },
      ],
    });
    this.role = new IamRole(this, 'role', {
      assumeRolePolicy: trust.json,
      description: props.description,
    });
    const permissions = new DataAwsIamPolicyDocument(this, 'permissions', {
      statement: props.statements.map((statement) => ({
        sid: statement.sid,
        actions: statement.actions,
        resources: statement.resources,
        condition: statement.conditions,
      })),
    });
    this.policy = new IamRolePolicy(this, 'policy', { role: this.role.id, policy: permissions.json });
  }
}

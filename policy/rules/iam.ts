import { strings } from '../../lib/terraform-json/attributes';
import {
  CREDENTIALS_EXPOSURE_ACTIONS,
  DATA_EXFILTRATION_ACTIONS,
  IAM_READ_VERBS,
  PERMISSIONS_MANAGEMENT_ACTIONS,
  PRIVILEGE_ESCALATION_ACTIONS,
  RESOURCELESS_ACTIONS,
  WRITE_VERBS,
} from '../model/iam-actions';
import { type Statement, actionMatches, identityPolicies, readPolicy, trustPolicies } from '../model/iam-policy';
import { mentions } from '../../lib/terraform-json/references';
import type { Block, StackModel } from '../model/stack';
import type { Rule, Violation } from '../rule';

const ADMINISTRATOR_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;
const TABLE_RESOURCE = /^\$\{aws_dynamodb_table\.[^.}]+\.arn\}(\/index\/[A-Za-z0-9_.*-]+)?$/;

interface PlacedStatement {
  holder: Block;
  statement: Statement;
}

/** Allow statements of every readable identity policy in the stack, with the block that holds each. */
function allowStatements(stack: StackModel, policies = identityPolicies(stack)): PlacedStatement[] {
  return policies.flatMap(({ holder, value }) => {
    const reading = readPolicy(stack, value);
    return reading.ok
      ? reading.statements.filter((s) => s.effect === 'Allow').map((statement) => ({ holder, statement }))
      : [];
  });
}

/** Whether a statement grants `action`: through its Action patterns, or an Allow NotAction that leaves it out. */
function grants(statement: Statement, action: string): boolean {
  if (statement.actions.length) return statement.actions.some((pattern) => actionMatches(pattern, action));
  return statement.notActions.length > 0 && !statement.notActions.some((pattern) => actionMatches(pattern, action));
}

/** Whether a statement grants any action of a service (`dynamodb:PutItem`, `dynamodb:*`, `*`, a NotAction). */
function grantsService(statement: Statement, service: string): boolean {
  const prefix = `${service.toLowerCase()}:`;
  return (
    statement.actions.some((action) => isWildcardAction(action) || action.toLowerCase().startsWith(prefix)) ||
    (statement.actions.length === 0 && statement.notActions.length > 0)
  );
}

function onEveryResource(statement: Statement): boolean {
  return statement.resources.includes('*') || statement.notResources.length > 0;
}

function isWildcardAction(action: string): boolean {
  return action === '*' || action === '*:*';
}

function isResourceless(action: string): boolean {
  return RESOURCELESS_ACTIONS.some(
    (known) => known.toLowerCase() === action.toLowerCase() || actionMatches(known, action),
  );
}

/** A rule over Allow statements on `Resource: "*"`: `offending` names what such a statement must not allow. */
function starResourceRule(id: string, title: string, offending: (statement: Statement) => string[]): Rule {
  return {
    id,
    severity: 'error',
    section: 'iam',
    title,
    check: (stack) =>
      allowStatements(stack)
        .filter(({ statement }) => onEveryResource(statement))
        .flatMap(({ holder, statement }) => {
          const found = offending(statement);
          return found.length
            ? [{ at: holder, message: `${statement.label} allows ${found.join(', ')} on Resource "*"` }]
            : [];
        }),
  };
}

/** Allow statements on `Resource: "*"` that grant any action of a list. */
function unconstrainedActionRule(id: string, title: string, actions: string[]): Rule {
  return starResourceRule(id, title, (statement) => actions.filter((action) => grants(statement, action)));
}

function trustStatements(stack: StackModel): PlacedStatement[] {
  return allowStatements(stack, trustPolicies(stack));
}

/** Every identity policy that applies to a role: inline, role policies and attached customer policies. */
function policiesOfRole(stack: StackModel, role: Block) {
  const own = identityPolicies(stack).filter(
    ({ holder }) =>
      holder === role || (holder.type === 'aws_iam_role_policy' && mentions(holder.body.role, role.address)),
  );
  const attachedArns = [
    ...stack.referrers(role, 'role', 'aws_iam_role_policy_attachment').map((a) => a.body.policy_arn),
    ...strings(role.body.managed_policy_arns),
  ];
  const attached = attachedArns
    .map((arn) => stack.target(arn))
    .filter((policy): policy is Block => policy?.type === 'aws_iam_policy')
    .map((policy) => ({ holder: policy, attribute: 'policy', value: policy.body.policy }));
  return [...own, ...attached];
}

function fullAccessAttachments(stack: StackModel): Violation[] {
  const attachments = stack
    .resources('aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_user_policy_attachment')
    .filter((a) => ADMINISTRATOR_POLICY.test(String(a.body.policy_arn)))
    .map((a) => ({ at: a, message: `attaches ${a.body.policy_arn}` }));
  const managed = stack.resources('aws_iam_role').flatMap((role) =>
    strings(role.body.managed_policy_arns)
      .filter((arn) => ADMINISTRATOR_POLICY.test(arn))
      .map((arn) => ({ at: role, message: `managed_policy_arns includes ${arn}` })),
  );
  return [...attachments, ...managed];
}

export const iamRules: Rule[] = [
  {
    id: 'CKV_AWS_60',
    severity: 'error',
    section: 'iam',
    title: 'Trust policies never allow a wildcard principal to assume the role.',
    check: (stack) =>
      trustStatements(stack)
        .filter(({ statement }) => statement.principals.some((p) => p.identifiers.includes('*')))
        .map(({ holder, statement }) => ({ at: holder, message: `${statement.label} trusts principal "*"` })),
  },
  {
    id: 'CKV_AWS_61',
    severity: 'error',
    section: 'iam',
    title: 'Trust policies name a service principal (the AWS service that assumes the role).',
    check: (stack) =>
      trustStatements(stack)
        .filter(({ statement }) => !statement.principals.some((p) => p.type === 'Service' && p.identifiers.length > 0))
        .map(({ holder, statement }) => ({
          at: holder,
          message: `${statement.label} trusts ${statement.principals.map((p) => `${p.type}:${p.identifiers.join('|')}`).join(', ') || 'no principal'}, not a service`,
        })),
  },
  {
    id: 'CKV_AWS_62',
    severity: 'error',
    section: 'iam',
    title: 'No policy grants full administrative access ("*" actions on "*" resources).',
    check: (stack) => [
      ...allowStatements(stack)
        .filter(({ statement }) => statement.actions.some(isWildcardAction) && onEveryResource(statement))
        .map(({ holder, statement }) => ({ at: holder, message: `${statement.label} allows "*" on "*"` })),
      ...fullAccessAttachments(stack),
    ],
  },
  {
    id: 'CKV_AWS_63',
    severity: 'error',
    section: 'iam',
    title: 'No policy statement allows "*" as its action.',
    check: (stack) =>
      allowStatements(stack)
        .filter(({ statement }) => statement.actions.some(isWildcardAction))
        .map(({ holder, statement }) => ({ at: holder, message: `${statement.label} allows Action "*"` })),
  },
  starResourceRule('CKV_AWS_355', 'No "*" resource on actions that accept a resource ARN.', (statement) =>
    [...statement.actions, ...(statement.notActions.length ? ['NotAction'] : [])].filter(
      (action) => !isResourceless(action),
    ),
  ),
  unconstrainedActionRule(
    'CKV_AWS_286',
    'No policy allows privilege escalation (IAM policy/role changes, PassRole, AssumeRole) on "*".',
    PRIVILEGE_ESCALATION_ACTIONS,
  ),
  unconstrainedActionRule('CKV_AWS_287', 'No policy allows credentials exposure on "*".', CREDENTIALS_EXPOSURE_ACTIONS),
  unconstrainedActionRule(
    'CKV_AWS_288',
    'No policy allows data exfiltration (reading objects, secrets, parameters) on "*".',
    DATA_EXFILTRATION_ACTIONS,
  ),
  unconstrainedActionRule(
    'CKV_AWS_289',
    'No policy allows permissions management (resource policies, grants) on "*".',
    PERMISSIONS_MANAGEMENT_ACTIONS,
  ),
  starResourceRule(
    'CKV_AWS_290',
    'No policy allows write actions on "*" (outside the few actions that take no resource).',
    (statement) =>
      statement.actions.filter((action) => {
        const verb = action.split(':')[1] ?? action;
        return !isResourceless(action) && (isWildcardAction(action) || verb.includes('*') || WRITE_VERBS.test(verb));
      }),
  ),
  {
    id: 'CKV2_AWS_40',
    severity: 'error',
    section: 'iam',
    title: 'No policy grants IAM write access (the platform never changes IAM at run time).',
    check: (stack) =>
      allowStatements(stack).flatMap(({ holder, statement }) => {
        const iamWrites = statement.actions.filter((action) => {
          if (isWildcardAction(action)) return true;
          const [service, verb = ''] = action.split(':');
          return service.toLowerCase() === 'iam' && !IAM_READ_VERBS.test(verb);
        });
        return iamWrites.length
          ? [{ at: holder, message: `${statement.label} allows IAM writes ${iamWrites.join(', ')}` }]
          : [];
      }),
  },
  {
    id: 'CUSTOM_IAM_TASK_DYNAMODB_SCOPE',
    severity: 'error',
    section: 'iam',
    title: "The task role's DynamoDB actions are limited to the table and its indexes.",
    check: (stack) => {
      const taskRoles = new Set(
        stack
          .resources('aws_ecs_task_definition')
          .flatMap((task) => stack.target(task.body.task_role_arn) ?? [])
          .filter((role) => role.type === 'aws_iam_role'),
      );
      return [...taskRoles].flatMap((role) =>
        allowStatements(stack, policiesOfRole(stack, role))
          .filter(({ statement }) => grantsService(statement, 'dynamodb'))
          .flatMap(({ holder, statement }) => {
            const outside = [...statement.resources, ...statement.notResources.map((r) => `NotResource ${r}`)].filter(
              (resource) => !TABLE_RESOURCE.test(resource),
            );
            return outside.length
              ? [
                  {
                    at: holder,
                    message: `${statement.label} (task role ${role.address}) allows DynamoDB on ${outside.join(', ')}`,
                  },
                ]
              : [];
          }),
      );
    },
  },
];

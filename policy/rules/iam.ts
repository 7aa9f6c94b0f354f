import { strings } from '../../lib/terraform-json/attributes';
import { mentions } from '../../lib/terraform-json/references';
import {
  CLOUDSPLAINING_EXFILTRATION_ACTIONS,
  CREDENTIALS_EXPOSURE_ACTIONS,
  DATA_EXFILTRATION_ACTIONS,
  PRIVILEGE_ESCALATION_ACTIONS,
  isPermissionsManagementLevel,
  isWildcardAction,
  isWriteLevel,
  restrictableActions,
} from '../model/iam-actions';
import { expandAction } from '../model/iam-reference';
import {
  PERMISSION_SET_POLICY,
  type Statement,
  actionMatches,
  identityPolicies,
  readPolicy,
  trustPolicies,
} from '../model/iam-policy';
import type { Block, StackModel } from '../model/stack';
import { type Divergence, type Rule, type Upstream, type Violation, laxer, stricter, upstream } from '../rule';

const ADMINISTRATOR_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;
const TABLE_RESOURCE = /^\$\{aws_dynamodb_table\.[^.}]+\.arn\}(\/index\/[A-Za-z0-9_.*-]+)?$/;

/** Where the IAM rules read policies beyond Checkov's resource types (the role's own inline policies). */
const INLINE_ROLE_POLICIES = stricter(
  'also reads aws_iam_role inline_policy blocks, which grant the same permissions as an aws_iam_role_policy',
);
/**
 * CKV2_AWS_40 also reads every aws_iam_policy_document data source, used or not (Checkov's other IAM checks
 * read data sources under ids of their own, CKV_AWS_1, 49 and 107-111, which this checker does not claim).
 */
const UNUSED_DOCUMENTS = laxer(
  'an aws_iam_policy_document is read where a policy resource uses it; one that nothing uses grants nothing',
);
/** Cloudsplaining (behind CKV_AWS_286-290 and 355) skips conditioned statements and subtracts denied actions. */
const CONDITIONS_NO_EXCUSE = stricter(
  'an Allow on "*" fails even when it has a Condition or another statement denies the same actions: conditions on tags or source are easy to get subtly wrong, and the grant should name its resources',
);
/** How the rules treat an Action entry AWS's catalogue does not list. */
const UNKNOWN_ACTIONS = stricter(
  'an action AWS’s service authorization reference does not list (a typo, or newer than the catalogue) counts as taking a resource',
);

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

/** The Action entries of a statement, with an Allow NotAction standing for (almost) everything. */
function actionEntries(statement: Statement): string[] {
  return [...statement.actions, ...(statement.notActions.length ? ['*'] : [])];
}

/** Actions for a message: all of a few, or the first ones and how many more (`s3:*` grants over a hundred). */
function listed(actions: string[], most = 6): string {
  return actions.length <= most
    ? actions.join(', ')
    : `${actions.slice(0, most - 1).join(', ')} and ${actions.length - most + 1} more`;
}

/** A rule over Allow statements on `Resource: "*"`: `offending` names what such a statement must not allow. */
function starResourceRule(
  id: string,
  title: string,
  offending: (statement: Statement) => string[],
  upstreamIds: readonly Upstream[],
): Rule {
  return {
    id,
    severity: 'error',
    section: 'iam',
    title,
    upstream: upstreamIds,
    check: (stack) =>
      allowStatements(stack)
        .filter(({ statement }) => onEveryResource(statement))
        .flatMap(({ holder, statement }) => {
          const found = [...new Set(offending(statement))];
          return found.length
            ? [{ at: holder, message: `${statement.label} allows ${listed(found)} on Resource "*"` }]
            : [];
        }),
  };
}

/** Allow statements on `Resource: "*"` that grant any action of a list. */
function unconstrainedActionRule(
  id: string,
  title: string,
  actions: string[],
  means: string,
  ...differs: Divergence[]
) {
  return starResourceRule(id, title, (statement) => actions.filter((action) => grants(statement, action)), [
    upstream(id, means, INLINE_ROLE_POLICIES, CONDITIONS_NO_EXCUSE, ...differs),
  ]);
}

/** Allow statements on `Resource: "*"` granting restrictable actions whose access level satisfies `level`. */
function accessLevelRule(
  id: string,
  title: string,
  level: (accessLevel: string) => boolean,
  means: string,
  ...differs: Divergence[]
) {
  return starResourceRule(
    id,
    title,
    (statement) => actionEntries(statement).flatMap((action) => restrictableActions(action, level)),
    [upstream(id, means, INLINE_ROLE_POLICIES, CONDITIONS_NO_EXCUSE, UNKNOWN_ACTIONS, ...differs)],
  );
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

/** IAM actions of an Action entry that change IAM (access level Write, Tagging or Permissions management). */
function iamWrites(action: string): string[] {
  if (isWildcardAction(action)) return [action];
  if (!action.toLowerCase().startsWith('iam:')) return [];
  const granted = expandAction(action);
  return granted ? granted.filter((a) => isWriteLevel(a.accessLevel)).map((a) => a.name) : [action];
}

export const iamRules: Rule[] = [
  {
    id: 'CKV_AWS_60',
    severity: 'error',
    section: 'iam',
    title: 'Trust policies never allow a wildcard principal to assume the role.',
    upstream: [
      upstream(
        'CKV_AWS_60',
        'Ensure IAM role allows only specific services or principals to assume it',
        stricter(
          'a bare Principal "*", and "*" under any principal type, fail too; Checkov looks at AWS principals only',
        ),
      ),
    ],
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
    upstream: [
      upstream(
        'CKV_AWS_61',
        'Ensure AWS IAM policy does not allow assume role permission across all services',
        stricter(
          'every trust statement must name a Service principal: Checkov only refuses whole accounts (root or a bare account id) without sts:ExternalId; every role of this platform is assumed by an AWS service, so any person or account in a trust policy is a mistake',
        ),
      ),
    ],
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
    upstream: [
      upstream(
        'CKV_AWS_62',
        'Ensure IAM policies that allow full "*-*" administrative privileges are not created',
        INLINE_ROLE_POLICIES,
        stricter('attaching the AWS managed AdministratorAccess policy, and "*" with NotResource, fail too'),
      ),
    ],
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
    upstream: [
      upstream(
        'CKV_AWS_63',
        'Ensure no IAM policies documents allow "*" as a statement\'s actions',
        INLINE_ROLE_POLICIES,
        stricter(`"*:*" counts as "*", and ${PERMISSION_SET_POLICY} policies are read too`),
      ),
    ],
    check: (stack) =>
      allowStatements(stack)
        .filter(({ statement }) => statement.actions.some(isWildcardAction))
        .map(({ holder, statement }) => ({ at: holder, message: `${statement.label} allows Action "*"` })),
  },
  accessLevelRule(
    'CKV_AWS_355',
    'No "*" resource on actions that accept a resource ARN (AWS’s service authorization reference says which).',
    () => true,
    'Ensure no IAM policies documents allow "*" as a statement\'s resource for restrictable actions',
    stricter('an Allow NotAction on "*" fails: it grants every restrictable action it does not name'),
  ),
  unconstrainedActionRule(
    'CKV_AWS_286',
    'No policy allows privilege escalation (IAM policy/role changes, PassRole, AssumeRole) on "*".',
    PRIVILEGE_ESCALATION_ACTIONS,
    'Ensure IAM policies does not allow privilege escalation',
    stricter(
      'each action of a Cloudsplaining escalation method fails on its own; Cloudsplaining needs the whole combination in one policy, but the rest may sit in another policy of the same role',
    ),
  ),
  unconstrainedActionRule(
    'CKV_AWS_287',
    'No policy allows credentials exposure on "*".',
    CREDENTIALS_EXPOSURE_ACTIONS,
    'Ensure IAM policies does not allow credentials exposure',
    stricter(
      'gamelift:GetComputeAccess and gamelift:GetComputeAuthToken fail: Cloudsplaining’s list misspells their service as gamelist, so Checkov never matches them',
    ),
  ),
  unconstrainedActionRule(
    'CKV_AWS_288',
    'No policy allows data exfiltration (reading objects, secrets, parameters, decrypting, scanning tables) on "*".',
    DATA_EXFILTRATION_ACTIONS,
    'Ensure IAM policies does not allow data exfiltration',
    stricter(
      `kms:Decrypt and dynamodb:Scan on "*" fail too, besides Cloudsplaining's ${CLOUDSPLAINING_EXFILTRATION_ACTIONS.join(', ')}`,
    ),
  ),
  accessLevelRule(
    'CKV_AWS_289',
    'No policy allows permissions management (resource policies, grants) on "*".',
    isPermissionsManagementLevel,
    'Ensure IAM policies does not allow permissions management / resource exposure without constraints',
  ),
  accessLevelRule(
    'CKV_AWS_290',
    'No policy allows write actions on "*" (outside the actions that take no resource).',
    isWriteLevel,
    'Ensure IAM policies does not allow write access without constraints',
    stricter('Tagging and Permissions management actions count as writes (AWS classifies them as both)'),
  ),
  {
    id: 'CKV2_AWS_40',
    severity: 'error',
    section: 'iam',
    title: 'No policy grants IAM write access (the platform never changes IAM at run time).',
    upstream: [
      upstream(
        'CKV2_AWS_40',
        'Ensure AWS IAM policy does not allow full IAM privileges',
        stricter(
          'any IAM action AWS classifies as a write fails, on any resource; Checkov only refuses "iam:*" and "*"',
        ),
        INLINE_ROLE_POLICIES,
        UNUSED_DOCUMENTS,
        UNKNOWN_ACTIONS,
      ),
    ],
    check: (stack) =>
      allowStatements(stack).flatMap(({ holder, statement }) => {
        const writes = [...new Set(actionEntries(statement).flatMap(iamWrites))];
        return writes.length ? [{ at: holder, message: `${statement.label} allows IAM writes ${listed(writes)}` }] : [];
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

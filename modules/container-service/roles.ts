import { Construct } from 'constructs';
import { ServiceRole } from '../shared/iam';

const ECS_TASKS_PRINCIPAL = 'ecs-tasks.amazonaws.com';

/**
 * Exactly the item operations the service sends (service/src/store): no Query, Scan, batch or table-admin
 * actions. Add one here when the service starts using it. The task role allows these, the table alarms watch them.
 */
export const TABLE_OPERATIONS: readonly string[] = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'];
const TABLE_ACTIONS = TABLE_OPERATIONS.map((operation) => `dynamodb:${operation}`);

export interface ExecutionRoleProps {
  /** Name of the service, for the role's description. */
  readonly name: string;
  /** Account ECS acts for (confused-deputy guard). */
  readonly accountId: string;
  /** The one repository images may be pulled from. */
  readonly repositoryArn: string;
  /** The one log group the task's logs go to. */
  readonly logGroupArn: string;
}

/**
 * The role ECS itself uses to start a task: pull the image from one repository and write to one log group.
 * Kept apart from the task role (CKV_AWS_249), so application code never holds these permissions.
 */
export function createExecutionRole(scope: Construct, id: string, props: ExecutionRoleProps): ServiceRole {
  return new ServiceRole(scope, id, {
    servicePrincipal: ECS_TASKS_PRINCIPAL,
    sourceAccount: props.accountId,
    description: `ECS agent of ${props.name}: pulls its image and writes its logs`,
    statements: [
      {
        sid: 'EcrAuthorizationToken',
        // The one "*": this action takes no resource ARN, so IAM accepts nothing else. The token alone reads
        // nothing; what may be pulled is the next statement's one repository. The policy checker knows the
        // action is resourceless (policy/model/iam-actions.ts), so no exception is recorded.
        actions: ['ecr:GetAuthorizationToken'],
        resources: ['*'],
      },
      {
        sid: 'PullServiceImage',
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        resources: [props.repositoryArn],
      },
      {
        sid: 'WriteServiceLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [props.logGroupArn, `${props.logGroupArn}:log-stream:*`],
      },
    ],
  });
}

export interface TaskRoleProps {
  /** Name of the service, for the role's description. */
  readonly name: string;
  /** Account ECS acts for (confused-deputy guard). */
  readonly accountId: string;
  /** The table and its indexes, nothing else. */
  readonly tableResourceArns: string[];
}

/** The role the application code runs as: its own table, and nothing more. */
export function createTaskRole(scope: Construct, id: string, props: TaskRoleProps): ServiceRole {
  return new ServiceRole(scope, id, {
    servicePrincipal: ECS_TASKS_PRINCIPAL,
    sourceAccount: props.accountId,
    description: `Application in ${props.name}: reads and writes its links table`,
    statements: [{ sid: 'LinksTable', actions: TABLE_ACTIONS, resources: props.tableResourceArns }],
  });
}

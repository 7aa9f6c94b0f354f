import { CiAccess, type CiAccessProps } from '../../modules/ci-access';
import { blocksOf, resourcesOf, synthScope, type Block } from '../helpers';

const PROPS: CiAccessProps = {
  repository: 'example-org/shortlinks',
  accountId: '123456789012',
  roleNamePrefix: 'shortlinks-ci',
  stateBucketName: 'shortlinks-tfstate-123456789012-eu-west-1',
  stateKeyPrefix: 'platform/',
  deployments: [
    {
      stack: 'dev',
      githubEnvironment: 'dev',
      resourceNamePrefix: 'shortlinks-dev',
      stateKeyPrefix: 'platform/dev/',
      region: 'eu-west-1',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    },
    {
      stack: 'prod',
      githubEnvironment: 'production',
      resourceNamePrefix: 'shortlinks-prod',
      stateKeyPrefix: 'platform/prod/',
      region: 'eu-west-1',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
    },
  ],
};

interface Statement {
  sid?: string;
  effect?: string;
  actions?: string[];
  resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

/** The policy documents of the construct by their construct id (`plan-trust`, `apply-dev-permissions`, ...). */
function documents(json: ReturnType<typeof synthScope>): Map<string, Statement[]> {
  // Terraform names are `<scope>_<id>_<hash>`; data sources keep no construct path in synthScope output.
  return new Map(
    Object.entries(json.data?.aws_iam_policy_document ?? {}).map(([name, block]) => [
      name.split('_')[1],
      block.statement as Statement[],
    ]),
  );
}

function roleNamed(json: ReturnType<typeof synthScope>, name: string): Block {
  const [role] = blocksOf(json, 'aws_iam_role').filter((block) => block.name === name);
  expect(role).toBeDefined();
  return role;
}

describe('CI access (GitHub OIDC)', () => {
  const json = synthScope((scope) => new CiAccess(scope, 'ci', PROPS));
  const docs = documents(json);

  it("creates GitHub's OIDC provider for the sts.amazonaws.com audience, or uses the existing one", () => {
    expect(blocksOf(json, 'aws_iam_openid_connect_provider')).toEqual([
      expect.objectContaining({
        url: 'https://token.actions.githubusercontent.com',
        client_id_list: ['sts.amazonaws.com'],
      }),
    ]);
    const existing = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const reused = synthScope((scope) => new CiAccess(scope, 'ci', { ...PROPS, existingOidcProviderArn: existing }));
    expect(resourcesOf(reused, 'aws_iam_openid_connect_provider')).toEqual([]);
    const trust = documents(reused).get('plan-trust')?.[0];
    expect(trust?.principals).toEqual([{ type: 'Federated', identifiers: [existing] }]);
  });

  it('trusts pull requests of the one repository for plans, and each deployment environment for its apply', () => {
    const expectTrust = (id: string, sub: string) => {
      const [statement] = docs.get(id) ?? [];
      expect(statement.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
      expect(statement.condition).toEqual([
        { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
        { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:sub', values: [sub] },
      ]);
    };
    expectTrust('plan-trust', 'repo:example-org/shortlinks:pull_request');
    expectTrust('apply-dev-trust', 'repo:example-org/shortlinks:environment:dev');
    expectTrust('apply-prod-trust', 'repo:example-org/shortlinks:environment:production');
    expect(
      blocksOf(json, 'aws_iam_role')
        .map((role) => role.name)
        .sort(),
    ).toEqual(['shortlinks-ci-apply-dev', 'shortlinks-ci-apply-prod', 'shortlinks-ci-plan']);
  });

  it('refuses a repository that is not one owner/name', () => {
    for (const repository of ['example-org/*', '*', 'example-org', 'a/b/c']) {
      expect(() => synthScope((scope) => new CiAccess(scope, 'ci', { ...PROPS, repository }))).toThrow(
        /must be "owner\/name" of one GitHub repository/,
      );
    }
  });

  it('lets the plan role read state and configuration and write nothing', () => {
    const statements = docs.get('plan-permissions') ?? [];
    const actions = statements.flatMap((statement) => statement.actions ?? []);
    const writes = actions.filter((action) => !/^[\w-]+:(Describe|Get|List)\w*\*?$|^apigateway:GET$/.test(action));
    expect(writes).toEqual([]);
    expect(statements.find((s) => s.sid === 'ReadState')?.resources).toEqual([
      'arn:aws:s3:::shortlinks-tfstate-123456789012-eu-west-1/platform/*',
    ]);
    // Objects are readable in the state bucket only; no item, log-event or image reads anywhere.
    const dataReads = ['s3:GetObject', 'dynamodb:GetItem', 'dynamodb:Scan', 'logs:GetLogEvents', 'ecr:BatchGetImage'];
    const readConfiguration = statements.find((s) => s.sid === 'ReadConfiguration');
    expect(readConfiguration?.actions?.filter((action) => dataReads.includes(action))).toEqual([]);
    expect(readConfiguration?.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:RequestedRegion', values: ['eu-west-1', 'us-east-1'] },
    ]);
  });

  it("bounds each apply role: its own state and lockfile, its environment's names, no change to CI access", () => {
    const statements = docs.get('apply-dev-permissions') ?? [];
    const bySid = new Map(statements.map((statement) => [statement.sid, statement]));
    expect(bySid.get('ReadWriteStateAndLockfile')).toMatchObject({
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: ['arn:aws:s3:::shortlinks-tfstate-123456789012-eu-west-1/platform/dev/*'],
    });
    expect(bySid.get('WriteBuckets')?.resources).toEqual(['arn:aws:s3:::shortlinks-dev-*']);
    expect(bySid.get('WriteTable')?.resources).toEqual([
      'arn:aws:dynamodb:eu-west-1:123456789012:table/shortlinks-dev',
      'arn:aws:dynamodb:eu-west-1:123456789012:table/shortlinks-dev-*',
    ]);
    expect(bySid.get('PassServiceRoles')?.condition?.[0]).toMatchObject({ variable: 'iam:PassedToService' });
    const deny = bySid.get('DenyChangingCiAccess');
    expect(deny).toMatchObject({ effect: 'Deny', actions: ['iam:*'] });
    expect(deny?.resources).toEqual(
      expect.arrayContaining([
        'arn:aws:iam::123456789012:role/shortlinks-ci-plan',
        'arn:aws:iam::123456789012:role/shortlinks-ci-apply-dev',
        'arn:aws:iam::123456789012:role/shortlinks-ci-apply-prod',
        expect.stringMatching(/^\$\{aws_iam_openid_connect_provider\..+\.arn\}$/),
      ]),
    );
    // IAM writes touch roles only (no users, groups, access keys, providers, managed policies), and no "*" action.
    const actions = statements.filter((s) => s.effect !== 'Deny').flatMap((statement) => statement.actions ?? []);
    const iamWrites = actions.filter((action) => action.startsWith('iam:') && !/^iam:(Get|List)/.test(action));
    expect(iamWrites.length).toBeGreaterThan(0);
    expect(
      iamWrites.filter(
        (action) => !/Role/.test(action) || (/Attach|Policy$/.test(action) && !/RolePolicy$/.test(action)),
      ),
    ).toEqual([]);
    expect(actions).not.toContain('*');
    expect(roleNamed(json, 'shortlinks-ci-apply-dev').max_session_duration).toBe(7200);
  });
});

import { PROJECT_ID, type RuleInfo, type Section, type Upstream, describeDivergence, relationOf } from '../rule';
import { sourceOf } from './relation';

/** Where the specification lives in the repository, and the command that rewrites it. */
export const SPEC_FILE = 'policy/RULES.md';
export const SPEC_COMMAND = `npm run check -- --write-spec ${SPEC_FILE}`;

const SECTION_TITLES: Record<Section, string> = {
  network: 'Network',
  ecs: 'ECS',
  iam: 'IAM',
  'load-balancer': 'Load balancer',
  edge: 'CloudFront and WAF',
  api: 'ACM, Route 53, API Gateway',
  data: 'DynamoDB, S3, logs',
  operations: 'Operations',
  references: 'References',
  checker: 'The checker itself',
};

/** Counts of public ids by relation: the same check, stricter, laxer, or with resource types left out. */
export function relationCounts(rules: readonly RuleInfo[]) {
  const entries = rules.flatMap((rule) => rule.upstream ?? []);
  const has = (entry: Upstream, kind: string) => entry.differs.some((d) => d.kind === kind);
  return {
    rules: rules.length,
    projectRules: rules.filter((rule) => PROJECT_ID.test(rule.id)).length,
    publicIds: entries.length,
    same: entries.filter((entry) => entry.differs.length === 0).length,
    stricter: entries.filter((entry) => has(entry, 'stricter')).length,
    laxer: entries.filter((entry) => has(entry, 'laxer')).length,
    notCovered: entries.filter((entry) => has(entry, 'not-covered')).length,
  };
}

/** Markdown-safe inline text: quoted IAM wildcards (`"*"`, `"*-*"`, `"s3:*"`) as code, not emphasis. */
function inline(text: string): string {
  return text.replace(/"[^"\s]*\*[^"\s]*"/g, (quoted) => `\`${quoted}\``);
}

function ruleEntry(rule: RuleInfo): string[] {
  const upstream = rule.upstream ?? [];
  return [
    `### \`${rule.id}\` (${rule.severity})`,
    '',
    inline(rule.title),
    '',
    ...(upstream.length === 0
      ? ['Project rule: no public check id means what it checks.']
      : upstream.flatMap((entry) => [
          `- \`${entry.id}\`, ${sourceOf(entry)}: “${inline(entry.means)}”. **${relationOf(entry)}**`,
          ...entry.differs.map((divergence) => `  - ${inline(describeDivergence(divergence))}`),
        ])),
    '',
  ];
}

/** The rule specification, generated from the rule objects: what `policy/RULES.md` holds. */
export function renderRuleSpec(rules: readonly RuleInfo[]): string {
  const counts = relationCounts(rules);
  const sections = [...new Set(rules.map((rule) => rule.section))];
  return [
    '# Policy rules',
    '',
    `<!-- Generated from the rule objects in policy/rules/ by \`${SPEC_COMMAND}\`; policy/__tests__/spec.test.ts fails when it is stale. -->`,
    '',
    'Every stack the project synthesizes must pass these rules (`npm run check`). A rule that carries a public id',
    '(Checkov `CKV_*`/`CKV2_*`, cdk-nag `AwsSolutions-*` written `NAG-*`) states, for each id, how it relates to the',
    'upstream check: **same** (the same check on the resource types upstream covers), **stricter** or **laxer** by',
    'design (and why), or **not covered** (which resource types it leaves out). A rule that checks something no',
    'public id means has a `CUSTOM_*` id; `REF_*` and `POLICY_*` are the checker’s own.',
    '',
    `${counts.rules} rules (${counts.projectRules} of the project’s own) answer for ${counts.publicIds} public ids: ${counts.same} the same, ${counts.stricter} stricter, ${counts.laxer} laxer, ${counts.notCovered} with resource types not covered (an id can be stricter in one way and laxer in another).`,
    '',
    ...sections.flatMap((section) => [
      `## ${SECTION_TITLES[section]}`,
      '',
      ...rules.filter((rule) => rule.section === section).flatMap(ruleEntry),
    ]),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}

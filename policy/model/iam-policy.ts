import { type Body, blocks, isObject, strings } from '../../lib/terraform-json/attributes';
import { decodeDocument } from '../../lib/terraform-json/document';
import type { Block, StackModel } from './stack';

export interface Principal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for a bare `"Principal": "*"`. */
  type: string;
  identifiers: string[];
}

export interface Condition {
  test: string;
  variable: string;
  values: string[];
}

/** One statement, the same whether it came from policy JSON or an `aws_iam_policy_document` block. */
export interface Statement {
  label: string;
  effect: 'Allow' | 'Deny';
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principals: Principal[];
  conditions: Condition[];
}

export type PolicyReading = { ok: true; statements: Statement[] } | { ok: false; reason: string };

function principalsFromJson(value: unknown): Principal[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [{ type: '*', identifiers: [value] }];
  if (!isObject(value)) return [];
  return Object.entries(value).map(([type, ids]) => ({ type, identifiers: strings(ids) }));
}

function conditionsFromJson(value: unknown): Condition[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([test, byVariable]) =>
    isObject(byVariable)
      ? Object.entries(byVariable).map(([variable, values]) => ({ test, variable, values: strings(values) }))
      : [],
  );
}

function statementsFromJson(document: unknown, origin: string): Statement[] {
  const raw = isObject(document) ? document.Statement : undefined;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter(isObject).map((s, i) => ({
    label: `${origin} statement ${typeof s.Sid === 'string' && s.Sid ? `"${s.Sid}"` : `#${i}`}`,
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    principals: principalsFromJson(s.Principal),
    conditions: conditionsFromJson(s.Condition),
  }));
}

function statementsFromDataSource(body: Body, origin: string): Statement[] {
  return blocks(body.statement).map((s, i) => ({
    label: `${origin} statement ${typeof s.sid === 'string' && s.sid ? `"${s.sid}"` : `#${i}`}`,
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.actions),
    notActions: strings(s.not_actions),
    resources: strings(s.resources),
    notResources: strings(s.not_resources),
    principals: blocks(s.principals).map((p) => ({ type: String(p.type), identifiers: strings(p.identifiers) })),
    conditions: blocks(s.condition).map((c) => ({
      test: String(c.test),
      variable: String(c.variable),
      values: strings(c.values),
    })),
  }));
}

/**
 * Reads the statements of an IAM policy attribute, following `aws_iam_policy_document` data sources and
 * their `source_policy_documents`/`override_policy_documents` (whose statements it adds).
 */
export function readPolicy(stack: StackModel, value: unknown, seen: ReadonlySet<string> = new Set()): PolicyReading {
  const decoded = decodeDocument(value);
  if (decoded.kind === 'unreadable') return { ok: false, reason: decoded.reason };
  if (decoded.kind === 'value') return { ok: true, statements: statementsFromJson(decoded.value, 'policy') };
  const { reference } = decoded;
  const source = stack.block(reference.address);
  if (!source || source.type !== 'aws_iam_policy_document' || seen.has(source.address)) {
    return { ok: false, reason: `it is \${${reference.src}}, which is not an aws_iam_policy_document of this stack` };
  }
  const statements = statementsFromDataSource(source.body, source.address);
  const inner = new Set([...seen, source.address]);
  for (const included of [
    ...strings(source.body.source_policy_documents),
    ...strings(source.body.override_policy_documents),
  ]) {
    const reading = readPolicy(stack, included, inner);
    if (!reading.ok) return { ok: false, reason: `${source.address} includes a document that ${reading.reason}` };
    statements.push(...reading.statements);
  }
  return { ok: true, statements };
}

/** Identity policies a stack declares: where each sits (the block findings point at) and its policy value. */
export interface PolicyAttachment {
  holder: Block;
  attribute: string;
  value: unknown;
}

export const POLICY_RESOURCES = [
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
];
/** IAM Identity Center's inline policy of a permission set: an identity policy under another attribute name. */
export const PERMISSION_SET_POLICY = 'aws_ssoadmin_permission_set_inline_policy';

export function identityPolicies(stack: StackModel): PolicyAttachment[] {
  return [
    ...stack
      .resources(...POLICY_RESOURCES)
      .map((holder) => ({ holder, attribute: 'policy', value: holder.body.policy })),
    ...stack
      .resources(PERMISSION_SET_POLICY)
      .map((holder) => ({ holder, attribute: 'inline_policy', value: holder.body.inline_policy })),
    ...stack.resources('aws_iam_role').flatMap((holder) =>
      blocks(holder.body.inline_policy).map((inline, i) => ({
        holder,
        attribute: `inline_policy[${i}].policy`,
        value: inline.policy,
      })),
    ),
  ];
}

/** Whether an IAM action pattern (`s3:Get*`, `*`) matches an action name, as IAM compares them. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return regex.test(action);
}

export function trustPolicies(stack: StackModel): PolicyAttachment[] {
  return stack
    .resources('aws_iam_role')
    .map((holder) => ({ holder, attribute: 'assume_role_policy', value: holder.body.assume_role_policy }));
}

/** Every policy document attribute any rule reads: identity, trust and bucket policies. */
export function allPolicies(stack: StackModel): PolicyAttachment[] {
  return [
    ...identityPolicies(stack),
    ...trustPolicies(stack),
    ...stack
      .resources('aws_s3_bucket_policy')
      .map((holder) => ({ holder, attribute: 'policy', value: holder.body.policy })),
  ];
}

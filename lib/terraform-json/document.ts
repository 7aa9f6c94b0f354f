import { evaluate, HclSyntaxError, soleInterpolation } from './hcl';
import { type Reference, referencesInExpr } from './references';

/**
 * A JSON document held in a Terraform string attribute (an IAM policy, ECS container definitions), in
 * whichever form cdktf wrote it:
 * - literal JSON text (from `JSON.stringify`), possibly with `${...}` references inside its strings;
 * - `${jsonencode(...)}` (from `Fn.jsonencode`), whose HCL object is computed here;
 * - a plain reference to another object's attribute (`${data.aws_iam_policy_document.x.json}`).
 */
export type DecodedDocument =
  | { kind: 'value'; value: unknown }
  | { kind: 'reference'; reference: Reference }
  | { kind: 'unreadable'; reason: string };

export function decodeDocument(value: unknown): DecodedDocument {
  if (typeof value !== 'string') {
    return value === undefined ? { kind: 'unreadable', reason: 'it is not set' } : { kind: 'value', value };
  }
  try {
    const expr = soleInterpolation(value);
    if (expr?.kind === 'call' && expr.name === 'jsonencode' && expr.args.length === 1) {
      return { kind: 'value', value: evaluate(expr.args[0]) };
    }
    if (expr?.kind === 'traversal') {
      return { kind: 'reference', reference: referencesInExpr(expr)[0] };
    }
    if (expr) return { kind: 'unreadable', reason: `it is computed by \${${expr.src}}` };
  } catch (error) {
    if (!(error instanceof HclSyntaxError)) throw error;
    return { kind: 'unreadable', reason: error.message };
  }
  try {
    return { kind: 'value', value: JSON.parse(value) };
  } catch (error) {
    return { kind: 'unreadable', reason: `it is neither JSON nor jsonencode(...): ${(error as Error).message}` };
  }
}

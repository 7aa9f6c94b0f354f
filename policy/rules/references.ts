import { isObject } from '../../lib/terraform-json/attributes';
import { type Expr, HclSyntaxError, parseTemplate, walkExpr } from '../../lib/terraform-json/hcl';
import {
  type Reference,
  dependsOnReference,
  forEachString,
  referencesInExpr,
  referencesInString,
} from '../../lib/terraform-json/references';
import type { Located, StackModel } from '../model/stack';
import type { Rule, Violation } from '../rule';

/** Resource types Terraform itself provides (no provider configuration involved). */
const BUILT_IN_TYPES = new Set(['terraform_data', 'terraform_remote_state']);

function pseudo(address: string, stackName: string): Located {
  return { address, path: `${stackName}/${address}`, exceptions: new Map() };
}

/** Everything in a stack that can hold expressions, with where a finding about it should point. */
function expressionHolders(stack: StackModel): { at: Located; value: unknown }[] {
  const named = (key: string, prefix: string) =>
    Object.entries(isObject(stack.json[key]) ? stack.json[key] : {}).map(([name, value]) => ({
      at: pseudo(`${prefix}.${name}`, stack.name),
      value,
    }));
  const providers = [...stack.providers].flatMap(([name, configs]) =>
    configs.map((config, i) => ({ at: pseudo(`provider.${name}[${i}]`, stack.name), value: config })),
  );
  return [
    ...stack.blocks.map((block) => ({ at: block as Located, value: block.body })),
    ...named('output', 'output'),
    ...named('locals', 'local'),
    ...providers,
  ];
}

function declaredAddresses(stack: StackModel): Set<string> {
  const keys = (key: string, prefix: string) =>
    Object.keys(isObject(stack.json[key]) ? stack.json[key] : {}).map((name) => `${prefix}.${name}`);
  return new Set([
    ...stack.blocks.map((block) => block.address),
    ...keys('variable', 'var'),
    ...keys('locals', 'local'),
    ...keys('module', 'module'),
  ]);
}

function referenceProblem(ref: Reference, declared: Set<string>): string | undefined {
  if (ref.kind === 'incomplete') return `${ref.src} is not a complete reference`;
  if (ref.kind === 'special' || declared.has(ref.address)) return undefined;
  return `${ref.src} points at ${ref.address}, which this stack does not declare`;
}

function undeclaredReferences(stack: StackModel): Violation[] {
  const declared = declaredAddresses(stack);
  return expressionHolders(stack).flatMap(({ at, value }) => {
    const violations: Violation[] = [];
    forEachString(value, (text, path) => {
      let refs: readonly Reference[];
      try {
        refs = path.startsWith('depends_on[') ? dependsOnReference(text) : referencesInString(text);
      } catch (error) {
        if (!(error instanceof HclSyntaxError)) throw error;
        violations.push({ at, message: `${path}: malformed expression: ${error.message}` });
        return;
      }
      for (const ref of refs) {
        const problem = referenceProblem(ref, declared);
        if (problem) violations.push({ at, message: `${path}: ${problem}` });
      }
    });
    return violations;
  });
}

function providerProblems(stack: StackModel): Violation[] {
  const terraform = isObject(stack.json.terraform) ? stack.json.terraform : {};
  const required = new Set(Object.keys(isObject(terraform.required_providers) ? terraform.required_providers : {}));
  const configured = (name: string, alias?: string) =>
    (stack.providers.get(name) ?? []).some((config) => (alias ? config.alias === alias : true));
  return stack.blocks.flatMap((block) => {
    const explicit = block.body.provider;
    if (explicit === undefined) {
      const implied = block.type.split('_')[0];
      if (BUILT_IN_TYPES.has(block.type) || required.has(implied) || configured(implied)) return [];
      return [{ at: block, message: `uses provider ${implied}, which this stack neither requires nor configures` }];
    }
    const [name, alias, ...rest] = String(explicit)
      .replace(/^\$\{(.*)\}$/, '$1')
      .split('.');
    if (rest.length > 0 || !name)
      return [{ at: block, message: `provider ${JSON.stringify(explicit)} is not "name" or "name.alias"` }];
    if (configured(name, alias) || (!alias && required.has(name))) return [];
    const declaredAliases = (stack.providers.get(name) ?? []).flatMap((c) => (c.alias ? [String(c.alias)] : []));
    return [
      {
        at: block,
        message: `provider ${explicit} is not declared (aliases of ${name}: ${declaredAliases.join(', ') || 'none'})`,
      },
    ];
  });
}

/**
 * Whole objects (`${aws_x.y}`, `${aws_x.y[0]}`) interpolated into a string template: only a template that is
 * one interpolation and nothing else passes a value through unconverted; anywhere else Terraform needs a
 * string and fails at plan time ("Cannot include the given value in a string template"), which
 * `terraform validate` does not catch. A cdktf token used inside a string literal produces exactly this.
 */
function objectsInTemplates(stack: StackModel): Violation[] {
  return expressionHolders(stack).flatMap(({ at, value }) => {
    const violations: Violation[] = [];
    forEachString(value, (text, path) => {
      if (!text.includes('${') || path.startsWith('depends_on[')) return;
      const template: Expr = (() => {
        try {
          return { kind: 'template', parts: parseTemplate(text), src: text };
        } catch (error) {
          if (error instanceof HclSyntaxError) return { kind: 'literal', value: null, src: '' };
          throw error;
        }
      })();
      walkExpr(template, (node) => {
        if (node.kind !== 'template' || (node.parts.length === 1 && typeof node.parts[0] !== 'string')) return;
        for (const part of node.parts) {
          if (typeof part === 'string' || part.expr.kind !== 'traversal') continue;
          const [ref] = referencesInExpr(part.expr, new Set(part.binds));
          if (ref && (ref.kind === 'resource' || ref.kind === 'data') && ref.attribute.length === 0) {
            violations.push({
              at,
              message: `${path}: \${${ref.src}} puts the whole object ${ref.address} into a string`,
            });
          }
        }
      });
    });
    return violations;
  });
}

export const referenceRules: Rule[] = [
  {
    id: 'REF_UNDECLARED',
    severity: 'error',
    section: 'references',
    title:
      'Every ${...} reference and depends_on entry names a resource, data source, variable or local the stack declares.',
    check: undeclaredReferences,
  },
  {
    id: 'REF_PROVIDER',
    severity: 'error',
    section: 'references',
    title: 'Every provider (and provider alias) a block uses is declared in the stack.',
    check: providerProblems,
  },
  {
    id: 'REF_OBJECT_IN_TEMPLATE',
    severity: 'error',
    section: 'references',
    title: 'String templates interpolate attributes, never a whole resource or data source (fails at plan time).',
    check: objectsInTemplates,
  },
];

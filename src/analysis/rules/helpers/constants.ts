import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { field, MAX_NESTING, namedChildren, unparenthesize } from '../../syntax';

/** Named constants that stand for "practically infinite" (valued as Number.MAX_SAFE_INTEGER). */
const HUGE_CONSTANTS = new Set(['math.inf', 'sys.maxsize', 'numpy.inf']);

const MAX_DEPTH = 4;

/** `ONE_DAY = 24 * 3600` assigned once in its scope: the value of that expression. */
function namedConstant(model: SemanticModel, identifier: SyntaxNode, depth: number): number | undefined {
  const binding = model.lookup(identifier.text, identifier);
  if (binding?.kind !== 'assignment' || !binding.value) return undefined;
  const scope = model.scopes.enclosingScope(binding.node);
  if ((scope.bindings.get(identifier.text)?.length ?? 0) !== 1) return undefined;
  return constantNumber(model, binding.value, depth + 1);
}

/**
 * The numeric value of a constant expression built from literals (`86400 * 365`, `1e9`, `-1`),
 * `float("inf")`, `math.inf`, `sys.maxsize` or names assigned such an expression once; undefined
 * for anything else.
 */
export function constantNumber(model: SemanticModel, expression: SyntaxNode, depth = 0, nesting = 0): number | undefined {
  if (nesting > MAX_NESTING) return undefined;
  const node = unparenthesize(expression);
  switch (node.type) {
    case 'integer': {
      const text = node.text.replace(/_/g, '').toLowerCase();
      if (/[jl]$/.test(text)) return undefined;
      const value = /^0[box]/.test(text) ? Number(text) : Number.parseInt(text, 10);
      return Number.isNaN(value) ? undefined : value;
    }
    case 'float': {
      const text = node.text.replace(/_/g, '');
      if (/j$/i.test(text)) return undefined;
      const value = Number(text);
      return Number.isNaN(value) ? undefined : value;
    }
    case 'unary_operator': {
      const operand = field(node, 'argument');
      const value = operand ? constantNumber(model, operand, depth, nesting + 1) : undefined;
      if (value === undefined) return undefined;
      const operator = node.child(0)?.type;
      return operator === '-' ? -value : operator === '+' ? value : undefined;
    }
    case 'binary_operator': {
      const left = field(node, 'left');
      const right = field(node, 'right');
      const a = left ? constantNumber(model, left, depth, nesting + 1) : undefined;
      const b = right ? constantNumber(model, right, depth, nesting + 1) : undefined;
      if (a === undefined || b === undefined) return undefined;
      switch (field(node, 'operator')?.type) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return b === 0 ? undefined : a / b;
        case '**':
          return a ** b;
        default:
          return undefined;
      }
    }
    case 'call': {
      // float("inf"), float("infinity"), float("1e9")
      const callee = field(node, 'function');
      if (!callee || model.qualifiedName(callee) !== 'builtins.float') return undefined;
      const args = namedChildren(field(node, 'arguments') ?? node);
      if (args.length !== 1 || args[0].type !== 'string') return undefined;
      const text = args[0].text.replace(/^[rRbBuU]*(['"])|(['"])$/g, '').trim().toLowerCase();
      if (/^[+]?inf(inity)?$/.test(text)) return Infinity;
      const value = Number(text);
      return text !== '' && !Number.isNaN(value) ? value : undefined;
    }
    case 'identifier':
    case 'attribute': {
      const name = model.qualifiedName(node);
      if (name && HUGE_CONSTANTS.has(name)) return Number.MAX_SAFE_INTEGER;
      return node.type === 'identifier' && depth < MAX_DEPTH ? namedConstant(model, node, depth) : undefined;
    }
    default:
      return undefined;
  }
}

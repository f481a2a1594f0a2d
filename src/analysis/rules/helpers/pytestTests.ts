import type { SyntaxNode } from '../../parser';
import type { SemanticModel } from '../../semantic/model';
import { argument, callArguments, field, isAsyncFunction, namedChildren } from '../../syntax';
import { startsConcurrentWork } from './concurrentWork';
import { decoratorName, decoratorParts, decoratorsOf } from './functions';

/** Fixtures of pytest and its common plugins that run nothing on the test's loop. */
const QUIET_FIXTURES = new Set([
  'tmp_path', 'tmp_path_factory', 'tmpdir', 'tmpdir_factory', 'monkeypatch', 'capsys', 'capsysbinary', 'capfd',
  'capfdbinary', 'caplog', 'recwarn', 'request', 'pytestconfig', 'cache', 'record_property', 'record_testsuite_property',
  'mocker', 'anyio_backend', 'unused_tcp_port', 'unused_tcp_port_factory', 'unused_udp_port', 'unused_udp_port_factory',
  'httpx_mock', 'respx_mock', 'freezer', 'faker', 'snapshot', 'subtests',
]);

const FIXTURE_DECORATORS = new Set(['pytest.fixture', 'pytest_asyncio.fixture']);
const PARAMETRIZE = new Set(['pytest.mark.parametrize']);

/** pytest's test files: `test_*.py` and `*_test.py`. */
function isPytestFile(file: string): boolean {
  return /(^|[\\/])(test_[^\\/]*|[^\\/]*_test)\.py$/.test(file);
}

/**
 * The module's `async def test…` functions that pytest (with pytest-asyncio or anyio's plugin) runs alone on
 * a loop: at module level or in a `Test…` class without bases, every parameter a quiet fixture of pytest, a
 * fixture of this module that starts no concurrent work, or a `parametrize` argument, and no autouse fixture
 * of the module starting any. A fixture from a `conftest.py` or a plugin not listed may start a server beside
 * the test: such a test is not taken as alone.
 */
export function pytestTestRuns(model: SemanticModel, file: string | undefined): Map<number, SyntaxNode> {
  const runs = new Map<number, SyntaxNode>();
  if (!file || !isPytestFile(file)) return runs;
  const fixtures = new Map<string, { node: SyntaxNode; autouse: boolean; quiet?: boolean }>();
  const tests: SyntaxNode[] = [];
  for (const definition of model.nodes('function_definition')) {
    const fixture = fixtureDecorator(model, definition);
    const name = field(definition, 'name')?.text ?? '';
    if (fixture) {
      const args = fixture.type === 'call' ? callArguments(fixture) : undefined;
      const alias = args && argument(args, -1, 'name');
      fixtures.set(alias?.type === 'string' ? alias.text.slice(1, -1) : name, { node: definition, autouse: args ? argument(args, -1, 'autouse')?.text === 'True' : false });
    } else if (isAsyncFunction(definition) && name.startsWith('test') && isCollected(definition)) {
      tests.push(definition);
    }
  }
  // Asked once per fixture, however many tests take it.
  const quiet = (fixture: { node: SyntaxNode; quiet?: boolean }) =>
    (fixture.quiet ??= !isAsyncFunction(fixture.node) || !startsConcurrentWork({ model, node: fixture.node }, 0, new Map()));
  if ([...fixtures.values()].some((fixture) => fixture.autouse && !quiet(fixture))) return runs;
  for (const test of tests) {
    const given = parametrized(model, test);
    const alone = parameterNames(test).every((name) => {
      if (QUIET_FIXTURES.has(name) || given.has(name)) return true;
      const fixture = fixtures.get(name);
      return fixture !== undefined && quiet(fixture);
    });
    if (alone) runs.set(test.id, field(test, 'name') ?? test);
  }
  return runs;
}

/** `@pytest.fixture` or `@pytest.fixture(...)` on the def: the decorator's expression. */
function fixtureDecorator(model: SemanticModel, definition: SyntaxNode): SyntaxNode | undefined {
  for (const decorator of decoratorsOf(definition)) {
    if (FIXTURE_DECORATORS.has(decoratorName(model, decorator) ?? '')) return decoratorParts(decorator)?.expression;
  }
  return undefined;
}

/** At module level, or a method of a `Test…` class without bases (unittest's classes run their own way). */
function isCollected(definition: SyntaxNode): boolean {
  const statement = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  const container = statement.parent;
  if (container?.type === 'module') return true;
  const cls = container?.parent;
  return cls?.type === 'class_definition' && /^Test/.test(field(cls, 'name')?.text ?? '') && !field(cls, 'superclasses');
}

/** The parameters a test asks pytest for (not `self`). */
function parameterNames(definition: SyntaxNode): string[] {
  const parameters = field(definition, 'parameters');
  const names: string[] = [];
  for (const parameter of parameters ? namedChildren(parameters) : []) {
    const name = parameter.type === 'identifier' ? parameter : (field(parameter, 'name') ?? namedChildren(parameter)[0]);
    if (name?.type === 'identifier' && name.text !== 'self') names.push(name.text);
    else if (name?.type !== 'identifier') names.push('*');
  }
  return names;
}

/** The argument names `@pytest.mark.parametrize("a, b", ...)` gives the test. */
function parametrized(model: SemanticModel, definition: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const decorator of decoratorsOf(definition)) {
    const call = decoratorParts(decorator)?.expression;
    if (call?.type !== 'call' || !PARAMETRIZE.has(decoratorName(model, decorator) ?? '')) continue;
    const first = argument(callArguments(call), 0, 'argnames');
    if (first?.type === 'string') for (const name of first.text.slice(1, -1).split(',')) names.add(name.trim());
  }
  return names;
}

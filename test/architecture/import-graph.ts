// The import graph of our own sources, read with the TypeScript compiler's parser (already a dev
// dependency), for the architecture tests. A walk of our own rather than madge or
// dependency-cruiser because it must see exactly what our sources mean: `import type` and
// `export … from` (a type-only back-edge is still a back-edge), dynamic `import('./x.ts')` (how
// cli.ts loads commands), `.ts` specifiers (allowImportingTsExtensions), and Framework's page
// rule that "./x.js" means x.ts when there is no x.js. Those tools need their own parsers
// configured for each of these and a further install; this is a hundred lines with no new package.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Every .ts and .js file under `dirs` (skipping node_modules and Framework's .observablehq cache). */
export function sourceFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry === '.observablehq') continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js)$/.test(entry)) out.push(path);
    }
  };
  dirs.forEach(walk);
  return out.sort();
}

/** The module specifiers a file imports, re-exports or dynamically imports (string literals only). */
export function specifiers(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    false,
    extname(file) === '.js' ? ts.ScriptKind.JS : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The file a relative specifier names ('./x.js' is x.ts where only that exists); null for packages. */
export function resolveLocal(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const path = resolve(dirname(from), specifier);
  if (existsSync(path)) return path;
  if (path.endsWith('.js') && existsSync(`${path.slice(0, -3)}.ts`)) return `${path.slice(0, -3)}.ts`;
  return path; // a missing file: tsc and the build report those; here it is a node without edges
}

export type Graph = Map<string, string[]>;

/** file → the local files it imports. */
export function importGraph(files: string[]): Graph {
  return new Map(
    files.map((f) => [
      f,
      [
        ...new Set(
          specifiers(f)
            .map((s) => resolveLocal(f, s))
            .filter((p): p is string => p !== null),
        ),
      ],
    ]),
  );
}

/**
 * Every cycle, as the strongly connected components with more than one file (or a file importing
 * itself), each given as one path round it, e.g. [a, b, a] (Tarjan's algorithm).
 */
export function findCycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.includes(v)) components.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return components.map((c) => pathRound(graph, new Set(c), c.sort()[0]!));
}

/** One cycle through `start` inside a component (breadth-first, so the shortest). */
function pathRound(graph: Graph, within: Set<string>, start: string): string[] {
  const from = new Map<string, string>();
  const queue = [start];
  for (const v of queue) {
    for (const w of graph.get(v) ?? []) {
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(from.get(path[0]!)!);
        return [...path, start];
      }
      if (within.has(w) && !from.has(w)) (from.set(w, v), queue.push(w));
    }
  }
  return [start, start];
}

/** A cycle as a reader wants it: "pipeline/a.ts → pipeline/b.ts → pipeline/a.ts". */
export const describeCycle = (root: string, cycle: string[]): string => cycle.map((f) => relative(root, f)).join(' → ');

import { join, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Which tables, indexes and writes a handler's code can reach, found by reading the code with the
 * TypeScript compiler: starting from the exported `handler`, follow every top-level function,
 * class or constant it refers to (across imports), and collect from what is reached
 *   - tables: each `tableName('x')` call;
 *   - indexes: each `IndexName: 'y'` with the table named beside it (`TableName: tableName('x')`);
 *   - writes: each `new PutCommand | UpdateCommand | DeleteCommand | TransactWriteCommand |
 *     BatchWriteCommand(...)`, written to the tables named inside its argument, directly or in a
 *     declaration it refers to (`TableName: T()`, `offerStep(...)`); when the argument names none (a
 *     variable holds the name), to every table the enclosing declaration reaches.
 *   - S3 actions on the photos bucket: `new GetObjectCommand | HeadObjectCommand` → s3:GetObject,
 *     `new PutObjectCommand` or a `createPresignedPost(...)` call → s3:PutObject, `new
 *     DeleteObjectCommand` → s3:DeleteObject, `new ListObjectsV2Command` → s3:ListBucket (a presigned
 *     request needs its signer to hold the action).
 * Precision is per top-level declaration: a handler that calls one read function of a table module
 * does not inherit the module's writes. Type positions are skipped (a type says nothing at run time).
 */
export interface TableAccess {
  write: boolean;
  indexes: Set<string>;
}
export type CodeAccess = Map<string, TableAccess>;

const WRITE_COMMANDS = /^(Put|Update|Delete|TransactWrite|BatchWrite)Command$/;
const S3_COMMANDS: Record<string, string> = {
  GetObjectCommand: 's3:GetObject',
  HeadObjectCommand: 's3:GetObject',
  PutObjectCommand: 's3:PutObject',
  DeleteObjectCommand: 's3:DeleteObject',
  ListObjectsV2Command: 's3:ListBucket',
};
const root = resolve(__dirname, '..');

/** A top-level declaration: a function, class, enum, or one variable of a `const` statement. */
type Unit = ts.FunctionDeclaration | ts.ClassDeclaration | ts.EnumDeclaration | ts.VariableDeclaration;

interface Facts {
  refs: Set<Unit>;
  tables: Set<string>;
  /** [the TableName expression beside it (or the table, for a scope query), index] */
  indexes: [ts.Expression | string | undefined, string][];
  /** the argument of each write command (undefined: none) */
  writes: (ts.Node | undefined)[];
  /** S3 actions its calls need */
  s3: Set<string>;
  problems: string[];
}

/** functions/lib/scope-keys.ts queries any listed table by a computed name and index: its callers name the table. */
const SCOPE_KEYS_FILE = 'functions/lib/scope-keys.ts';
/** What a `queryScopePage({ table: 'x', … })` call is granted: every depth's index (IAM: index/byScope*). */
export const SCOPE_INDEXES = 'byScope*';

/** The declaration itself when it is top-level; a local variable or parameter is part of its declaration. */
function unitOf(node: ts.Node): Unit | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) && ts.isSourceFile(node.parent)) {
    return node;
  }
  if (ts.isVariableDeclaration(node) && ts.isVariableStatement(node.parent.parent) && ts.isSourceFile(node.parent.parent.parent)) {
    return node;
  }
  return undefined;
}

function where(node: ts.Node): string {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart());
  return `${file.fileName.replace(`${root}/`, '')}:${line + 1}`;
}

const tableNameArg = (node: ts.Node): string | undefined =>
  ts.isCallExpression(node) &&
  ts.isIdentifier(node.expression) &&
  node.expression.text === 'tableName' &&
  node.arguments.length === 1 &&
  ts.isStringLiteral(node.arguments[0]!)
    ? node.arguments[0].text
    : undefined;

export class CodeReader {
  private readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;
  private readonly facts = new Map<Unit, Facts>();

  constructor(files: string[]) {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    // Packages never name our tables: read them as empty files (the walk stops there), which keeps this fast.
    host.getSourceFile = (fileName, languageVersion, ...rest) =>
      fileName.includes('/node_modules/')
        ? ts.createSourceFile(fileName, '', languageVersion)
        : getSourceFile(fileName, languageVersion, ...rest);
    this.program = ts.createProgram(files, options, host);
    this.checker = this.program.getTypeChecker();
  }

  /** What the `handler` exported by `file` (a path to a .ts file) can reach. */
  accessOf(file: string): { access: CodeAccess; s3: Set<string>; problems: string[] } {
    const source = this.program.getSourceFile(file);
    if (!source) throw new Error(`not in the program: ${file}`);
    const moduleSymbol = this.checker.getSymbolAtLocation(source);
    const handler = moduleSymbol && this.checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'handler');
    const start = handler?.declarations?.map(unitOf).find((u) => u !== undefined);
    if (!start) throw new Error(`${file} exports no handler`);

    const access: CodeAccess = new Map();
    const problems: string[] = [];
    const s3 = new Set<string>();
    const use = (table: string) => {
      if (!access.has(table)) access.set(table, { write: false, indexes: new Set() });
      return access.get(table)!;
    };
    const seen = new Set<Unit>([start]);
    const queue: Unit[] = [start];
    while (queue.length > 0) {
      const unit = queue.pop()!;
      for (const ref of this.factsOf(unit).refs) {
        if (!seen.has(ref)) {
          seen.add(ref);
          queue.push(ref);
        }
      }
    }
    // every reached declaration's facts are complete now: resolve which table each index and write is on
    for (const unit of seen) {
      const facts = this.factsOf(unit);
      problems.push(...facts.problems);
      for (const action of facts.s3) s3.add(action);
      for (const table of facts.tables) use(table);
      for (const arg of facts.writes) {
        const written = arg ? this.tablesIn(arg) : new Set<string>();
        // the argument names no table (a variable holds it): whatever this declaration names is written
        for (const table of written.size > 0 ? written : this.tablesIn(unit)) use(table).write = true;
      }
      for (const [tableExpression, index] of facts.indexes) {
        const tables =
          typeof tableExpression === 'string' ? [tableExpression] : [...(tableExpression ? this.tablesIn(tableExpression) : facts.tables)];
        if (tables.length !== 1) problems.push(`${where(unit)}: cannot tell which table index ${index} belongs to`);
        for (const t of tables) use(t).indexes.add(index);
      }
    }
    return { access, s3, problems };
  }

  private declarationsOf(id: ts.Identifier): Unit[] {
    let symbol =
      id.parent && ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id
        ? this.checker.getShorthandAssignmentValueSymbol(id.parent)
        : this.checker.getSymbolAtLocation(id);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    return (symbol?.declarations ?? [])
      .filter((d) => {
        const name = d.getSourceFile().fileName;
        return !name.includes('/node_modules/') && !name.endsWith('.d.ts');
      })
      .map(unitOf)
      .filter((u): u is Unit => u !== undefined);
  }

  /** Tables named in `node`: directly, or anywhere in the declarations it refers to (`TableName: T()`). */
  private tablesIn(node: ts.Node): Set<string> {
    const tables = new Set<string>();
    const seen = new Set<Unit>();
    const follow = (unit: Unit): void => {
      if (seen.has(unit)) return;
      seen.add(unit);
      const facts = this.factsOf(unit);
      for (const t of facts.tables) tables.add(t);
      for (const ref of facts.refs) follow(ref);
    };
    const visit = (n: ts.Node): void => {
      if (ts.isTypeNode(n)) return;
      const table = tableNameArg(n);
      if (table) tables.add(table);
      if (ts.isIdentifier(n)) for (const ref of this.declarationsOf(n)) follow(ref);
      ts.forEachChild(n, visit);
    };
    visit(node);
    return tables;
  }

  private factsOf(unit: Unit): Facts {
    const known = this.facts.get(unit);
    if (known) return known;
    const facts: Facts = { refs: new Set(), tables: new Set(), indexes: [], writes: [], s3: new Set(), problems: [] };
    this.facts.set(unit, facts); // before the walk: declarations may refer to each other
    const generic = unit.getSourceFile().fileName.endsWith(SCOPE_KEYS_FILE);
    const visit = (node: ts.Node): void => {
      if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
      if (ts.isIdentifier(node)) {
        for (const ref of this.declarationsOf(node)) if (ref !== unit) facts.refs.add(ref);
      }
      const table = tableNameArg(node);
      if (table) facts.tables.add(table);
      const scopeTable = scopeQueryTable(node);
      if (scopeTable === null) facts.problems.push(`${where(node)}: queryScopePage({ table }) must name the table literally`);
      else if (scopeTable) {
        facts.tables.add(scopeTable);
        facts.indexes.push([scopeTable, SCOPE_INDEXES]);
      }
      if (generic) {
        // the generic query names neither table nor index; its callers do (above)
      } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'tableName' && !table) {
        facts.problems.push(`${where(node)}: tableName() with a computed name: name the table literally`);
      }
      if (!generic && ts.isPropertyAssignment(node) && node.name.getText() === 'IndexName') {
        if (!ts.isStringLiteral(node.initializer)) facts.problems.push(`${where(node)}: IndexName must be a literal`);
        else {
          const tableProp = ts.isObjectLiteralExpression(node.parent)
            ? node.parent.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'TableName')
            : undefined;
          facts.indexes.push([tableProp && ts.isPropertyAssignment(tableProp) ? tableProp.initializer : undefined, node.initializer.text]);
        }
      }
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && WRITE_COMMANDS.test(node.expression.text)) {
        facts.writes.push(node.arguments?.[0]);
      }
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && S3_COMMANDS[node.expression.text]) {
        facts.s3.add(S3_COMMANDS[node.expression.text]!);
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'createPresignedPost') {
        facts.s3.add('s3:PutObject');
      }
      ts.forEachChild(node, visit);
    };
    // a function's or class's name is the unit itself; its body is what it does
    ts.forEachChild(unit, visit);
    return facts;
  }
}

/** `queryScopePage({ table: 'x', … })` → 'x'; null when the table is not a literal; undefined for other nodes. */
function scopeQueryTable(node: ts.Node): string | null | undefined {
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'queryScopePage') return undefined;
  const arg = node.arguments[0];
  if (!arg || !ts.isObjectLiteralExpression(arg)) return null;
  const prop = arg.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'table');
  return prop && ts.isPropertyAssignment(prop) && ts.isStringLiteral(prop.initializer) ? prop.initializer.text : null;
}

/** Where a function's S3 grants and the actions its code needs disagree, either way. */
export function s3Mismatches(granted: readonly string[] = [], needed: Set<string>): string[] {
  return [
    ...[...needed].filter((a) => !granted.includes(a)).map((a) => `needs ${a} without a grant`),
    ...granted.filter((a) => !needed.has(a)).map((a) => `grant of ${a} that no code needs`),
  ].sort();
}

/** `functions/x/y.handler` → the absolute path of its .ts file. */
export function handlerFile(handler: string): string {
  return join(root, `${handler.replace(/\.handler$/, '')}.ts`);
}

export interface Grant {
  table: string;
  actions: 'read' | 'read-write';
  indexes?: string[];
}

/**
 * Where a function's grants and its code disagree: a table, index or write the code reaches without
 * a grant (AccessDenied after deploy), and a grant no code needs (least privilege).
 */
export function mismatches(grants: Grant[], code: CodeAccess): string[] {
  const found: string[] = [];
  const granted = new Map(grants.map((g) => [g.table, g]));
  for (const [table, use] of code) {
    const grant = granted.get(table);
    if (!grant) {
      found.push(`reaches table ${table} without a grant`);
      continue;
    }
    if (use.write && grant.actions !== 'read-write') found.push(`writes ${table} with a read grant`);
    for (const index of use.indexes) if (!grant.indexes?.includes(index)) found.push(`queries ${table} index ${index} without a grant`);
  }
  for (const grant of grants) {
    const use = code.get(grant.table);
    if (!use) {
      found.push(`grant on ${grant.table} that no code needs`);
      continue;
    }
    if (grant.actions === 'read-write' && !use.write) found.push(`read-write grant on ${grant.table}, but nothing writes it`);
    for (const index of grant.indexes ?? [])
      if (!use.indexes.has(index)) found.push(`grant on ${grant.table} index ${index} that no code queries`);
  }
  return found.sort();
}

// Migrations are frozen files that never import live code: a later change to a repository or a
// library must not change what an old migration does to a database that has not yet run it.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { migrations } from '../src/db/migrations/index.js';

const FOLDER = path.join(import.meta.dirname, '../src/db/migrations');
const MIGRATION_FILE = /^\d{4}-[a-z0-9-]+\.ts$/;

/** Each import or re-export of a file, with whether it brings only types. */
function importsOf(file: string): { from: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: { from: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const namedAllTypes =
        clause?.namedBindings !== undefined &&
        ts.isNamedImports(clause.namedBindings) &&
        clause.name === undefined &&
        clause.namedBindings.elements.every((element) => element.isTypeOnly);
      found.push({
        from: node.moduleSpecifier.text,
        typeOnly: clause !== undefined && (clause.isTypeOnly || namedAllTypes),
      });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      found.push({
        from: (node.moduleSpecifier as ts.StringLiteral).text,
        typeOnly: node.isTypeOnly,
      });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      found.push({ from: node.arguments[0]?.getText(source) ?? '?', typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = fs.readdirSync(FOLDER).filter((name) => MIGRATION_FILE.test(name));

describe('migrations', () => {
  it('are one file each, all listed in the index under their file names', () => {
    expect(fs.readdirSync(FOLDER).filter((name) => !MIGRATION_FILE.test(name))).toEqual([
      'index.ts',
    ]);
    expect(Object.keys(migrations('sqlite'))).toEqual(files.map((name) => name.slice(0, -3)));
  });

  it.each(files)('%s imports only kysely and types', (name) => {
    const live = importsOf(path.join(FOLDER, name)).filter(
      ({ from, typeOnly }) => !typeOnly && from !== 'kysely',
    );
    expect(live).toEqual([]);
  });

  it('the index imports only the migration files and types', () => {
    const live = importsOf(path.join(FOLDER, 'index.ts')).filter(
      ({ from, typeOnly }) =>
        !typeOnly && !MIGRATION_FILE.test(`${from.replace(/^\.\//, '').replace(/\.js$/, '')}.ts`),
    );
    expect(live).toEqual([]);
  });
});

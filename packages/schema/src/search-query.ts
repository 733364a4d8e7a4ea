// The search query language: `modality:US label:"CW Doppler" -bodypart:head width:>512 free text`.
// Terms are separated by white space and all must hold; `OR` (upper case, as in Lucene) between
// terms makes either enough, and binds looser than the implicit AND; `( ... )` groups; `-`
// negates a term or a group; values with spaces, parentheses or the word OR are quoted ("..."
// with \" and \\ escapes); `meta.<key>:value` matches imported metadata.
// A hand-written recursive-descent parser: it never throws.
import { MAX_PROBLEMS } from './problems.js';
import {
  META_FIELD,
  META_KEY,
  SEARCH_FIELDS,
  isSearchFieldName,
  type SearchFieldDefinition,
  type SearchFieldName,
} from './search-fields.js';

export type SearchOperator = '=' | '>' | '>=' | '<' | '<=';

interface TermBase {
  value: string;
  quoted: boolean;
  negated: boolean;
  /** Offsets of the term in the query text: [start, end). */
  start: number;
  end: number;
}
/** A term on one of the fixed fields of SEARCH_FIELDS. */
export interface FixedFieldTerm extends TermBase {
  kind: 'field';
  field: SearchFieldName;
  op: SearchOperator;
}
/** `meta.<key>:value`: an imported metadata entry; a comparison operator implies a number. */
export interface MetaFieldTerm extends TermBase {
  kind: 'field';
  field: 'meta';
  /** lower case, matching META_KEY, at most META_KEY_MAX_LENGTH characters */
  key: string;
  op: SearchOperator;
}
export type FieldTerm = FixedFieldTerm | MetaFieldTerm;
export interface TextTerm extends TermBase {
  kind: 'text';
}
export type SearchTerm = FieldTerm | TextTerm;

export interface SearchSyntaxError {
  /** Character offset in the query text where the problem starts. */
  offset: number;
  message: string;
}

/** The query's logic: terms combined by AND, OR and NOT (`-` before a group). */
export type SearchExpression =
  | { kind: 'term'; term: SearchTerm }
  | { kind: 'and'; items: SearchExpression[] }
  | { kind: 'or'; items: SearchExpression[] }
  | { kind: 'not'; item: SearchExpression };

/** The parsed query; terms with errors are left out, so refuse a query that has errors. */
export interface SearchQuery {
  /** Every term, in the order written. */
  terms: SearchTerm[];
  /** How the terms combine; the top level is always an AND (of one item for a lone term). */
  expression: { kind: 'and'; items: SearchExpression[] };
  errors: SearchSyntaxError[];
}

/** Groups nested deeper than this are refused (the parser recurses once per level). */
export const MAX_GROUP_DEPTH = 16;

const OPERATORS: SearchOperator[] = ['>=', '<=', '>', '<', '='];
const WHITESPACE = /\s/;
/** Longest metadata key a query may name (longer keys are not indexed either). */
export const META_KEY_MAX_LENGTH = 128;

// A field name, with an optional dotted part for `meta.<key>`. FIELD_NAME tests a whole value;
// FIELD_NAME_AT reads one at the scanner position (sticky, so no slice of the rest of the text).
const FIELD_NAME_SOURCE = '[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_.-]*)?:';
const FIELD_NAME = new RegExp(`^${FIELD_NAME_SOURCE}`);
const FIELD_NAME_AT = new RegExp(FIELD_NAME_SOURCE, 'y');
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  get char(): string {
    return this.text[this.pos] ?? '';
  }
  skipSpace(): void {
    while (!this.done && WHITESPACE.test(this.char)) this.pos++;
  }
  /** A bare word: everything up to the next white space or `)`, which closes a group. */
  word(): string {
    const start = this.pos;
    while (!this.done && !WHITESPACE.test(this.char) && this.char !== ')') this.pos++;
    return this.text.slice(start, this.pos);
  }
  /** Whether the keyword OR stands here: the upper-case word, alone. */
  atOr(): boolean {
    const after = this.text[this.pos + 2];
    return (
      this.text.startsWith('OR', this.pos) &&
      (after === undefined || WHITESPACE.test(after) || after === '(' || after === ')')
    );
  }
  /** A quoted string starting at the current `"`; null when no closing quote follows. */
  quoted(): string | null {
    let value = '';
    this.pos++;
    while (!this.done) {
      const c = this.char;
      this.pos++;
      if (c === '"') return value;
      if (c === '\\' && !this.done) {
        value += this.char;
        this.pos++;
      } else {
        value += c;
      }
    }
    return null;
  }
}

/** Whether a value reads as a number in queries (`meta.<key>:>40` compares such values). */
export function isSearchNumber(value: string): boolean {
  return NUMBER.test(value) && Number.isFinite(Number(value));
}

/** A real calendar date (Date.parse would roll 2026-02-30 over to March), optionally a time. */
function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match || Number.isNaN(Date.parse(value))) return false;
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function valueError(def: SearchFieldDefinition, name: string, value: string): string | null {
  if (def.type === 'number' && !NUMBER.test(value)) return `field ${name} expects a number`;
  if (def.type === 'date' && !isDate(value)) {
    return `field ${name} expects a date (YYYY-MM-DD)`;
  }
  if (def.values && !def.values.includes(value.toLowerCase())) {
    return `field ${name} expects one of ${def.values.join(', ')}`;
  }
  return null;
}

/** Reads a value: quoted, or bare up to the next white space; null (with an error) if unterminated. */
function readValue(
  s: Scanner,
  errors: SearchSyntaxError[],
): { value: string; quoted: boolean } | null {
  if (s.char !== '"') return { value: s.word(), quoted: false };
  const quoteAt = s.pos;
  const value = s.quoted();
  if (value === null) {
    errors.push({ offset: quoteAt, message: 'unterminated quote' });
    return null;
  }
  return { value, quoted: true };
}

function textTerm(
  s: Scanner,
  start: number,
  negated: boolean,
  errors: SearchSyntaxError[],
): TextTerm | null {
  const read = readValue(s, errors);
  if (!read) return null;
  if (read.value === '') {
    errors.push({ offset: start, message: 'empty quotes' });
    return null;
  }
  return { kind: 'text', ...read, negated, start, end: s.pos };
}

/** Checks and builds a `meta.<key>` term; a comparison needs a number. */
function metaTerm(
  key: string,
  op: SearchOperator,
  read: TermBase,
  at: { name: number; op: number; value: number },
  errors: SearchSyntaxError[],
): MetaFieldTerm | null {
  const problem: [number, string] | null = !META_KEY.test(key)
    ? [at.name, 'field meta.<key> needs a key of letters, digits, _, - or .']
    : key.length > META_KEY_MAX_LENGTH
      ? [at.name, `metadata keys are at most ${META_KEY_MAX_LENGTH} characters`]
      : read.value === ''
        ? [at.value, `empty value for field meta.${key}`]
        : op !== '=' && !NUMBER.test(read.value)
          ? [at.op, `meta.${key} compares with ${op} only against a number`]
          : null;
  if (problem) {
    errors.push({ offset: problem[0], message: problem[1] });
    return null;
  }
  return { kind: 'field', field: 'meta', key, op, ...read };
}

/** `name:value`, `name:>=value`, `name:"quoted value"` or `meta.key:value`. */
function fieldTerm(
  s: Scanner,
  start: number,
  negated: boolean,
  errors: SearchSyntaxError[],
  prefix: string,
): FieldTerm | null {
  const name = prefix.slice(0, -1).toLowerCase();
  const nameAt = s.pos;
  s.pos += prefix.length;
  const opAt = s.pos;
  const explicit = OPERATORS.find((o) => s.text.startsWith(o, s.pos));
  s.pos += explicit?.length ?? 0;
  const op = explicit ?? '=';
  const valueAt = s.pos;
  const read = readValue(s, errors);
  if (!read) return null;
  const metaKey =
    name === 'meta' || name.startsWith(META_FIELD.prefix)
      ? name.slice(META_FIELD.prefix.length)
      : null;
  if (metaKey !== null) {
    const at = { name: nameAt, op: opAt, value: valueAt };
    return metaTerm(metaKey, op, { ...read, negated, start, end: s.pos }, at, errors);
  }
  if (!isSearchFieldName(name)) {
    const known = Object.keys(SEARCH_FIELDS).join(', ');
    errors.push({
      offset: nameAt,
      message: `unknown field ${name}; known fields: ${known}, ${META_FIELD.prefix}<key>`,
    });
    return null;
  }
  if (read.value === '') {
    errors.push({ offset: valueAt, message: `empty value for field ${name}` });
    return null;
  }
  const def: SearchFieldDefinition = SEARCH_FIELDS[name];
  if (op !== '=' && def.type === 'text') {
    errors.push({ offset: opAt, message: `field ${name} compares text only for equality` });
    return null;
  }
  const problem = valueError(def, name, read.value);
  if (problem) {
    errors.push({ offset: valueAt, message: problem });
    return null;
  }
  const value = def.values ? read.value.toLowerCase() : read.value;
  return { kind: 'field', field: name, op, value, quoted: read.quoted, negated, start, end: s.pos };
}

/** Parses a query; never throws. Field names are case-insensitive. */
export function parseSearchQuery(text: string): SearchQuery {
  const parser = new QueryParser(text);
  const items = parser.query();
  return { terms: parser.terms, expression: { kind: 'and', items }, errors: parser.errors };
}

class QueryParser {
  readonly s: Scanner;
  readonly terms: SearchTerm[] = [];
  readonly errors: SearchSyntaxError[] = [];
  /** Set once MAX_PROBLEMS errors are listed (or groups nest too deep): parsing stops there. */
  private full = false;

  constructor(text: string) {
    this.s = new Scanner(text);
  }

  private error(offset: number, message: string): void {
    if (this.full) return;
    this.errors.push({ offset, message });
    this.capErrors();
  }

  /** Terms report their own errors; after each, see whether the list is full. */
  private capErrors(): void {
    if (this.full || this.errors.length < MAX_PROBLEMS) return;
    this.errors.push({ offset: this.s.pos, message: 'further errors are not listed' });
    this.full = true;
  }

  /** The whole query: ANDed parts, each an OR of ANDs; a stray `)` is reported and skipped. */
  query(): SearchExpression[] {
    const items: SearchExpression[] = [];
    for (this.s.skipSpace(); !this.s.done && !this.full; this.s.skipSpace()) {
      if (this.s.char === ')') {
        this.error(this.s.pos, 'unmatched )');
        this.s.pos++;
        continue;
      }
      const part = this.or(0);
      if (part) items.push(...(part.kind === 'and' ? part.items : [part]));
    }
    return items;
  }

  /** and (OR and)*; null when nothing valid was read. */
  private or(depth: number): SearchExpression | null {
    const items: SearchExpression[] = [];
    const first = this.and(depth);
    if (first) items.push(first);
    for (this.s.skipSpace(); this.s.atOr() && !this.full; this.s.skipSpace()) {
      const at = this.s.pos;
      this.s.pos += 2;
      if (items.length === 0) this.error(at, 'OR needs a term before it');
      const next = this.and(depth);
      if (next) items.push(next);
      else this.error(at, 'OR needs a term after it');
    }
    if (items.length <= 1) return items[0] ?? null;
    return { kind: 'or', items };
  }

  /** Terms and groups up to OR, `)` or the end, all of which must hold. */
  private and(depth: number): SearchExpression | null {
    const items: SearchExpression[] = [];
    for (this.s.skipSpace(); !this.s.done && !this.full; this.s.skipSpace()) {
      if (this.s.char === ')' || this.s.atOr()) break;
      const item = this.unary(depth);
      this.capErrors();
      if (item) items.push(item);
    }
    if (items.length <= 1) return items[0] ?? null;
    return { kind: 'and', items };
  }

  /** A term or a group, either optionally negated by `-`. */
  private unary(depth: number): SearchExpression | null {
    const s = this.s;
    const start = s.pos;
    const negated = s.char === '-';
    if (negated) {
      s.pos++;
      const next = s.text[s.pos];
      if (next === undefined || WHITESPACE.test(next) || next === ')') {
        this.error(start, 'nothing to exclude after -');
        return null;
      }
    }
    if (s.char === '(') return this.group(start, negated, depth);
    FIELD_NAME_AT.lastIndex = s.pos;
    const prefix = FIELD_NAME_AT.exec(s.text)?.[0];
    const term = prefix
      ? fieldTerm(s, start, negated, this.errors, prefix)
      : textTerm(s, start, negated, this.errors);
    if (!term) return null;
    this.terms.push(term);
    return { kind: 'term', term };
  }

  private group(start: number, negated: boolean, depth: number): SearchExpression | null {
    const s = this.s;
    const open = s.pos;
    s.pos++;
    if (depth + 1 > MAX_GROUP_DEPTH) {
      this.error(open, `groups nest at most ${MAX_GROUP_DEPTH} deep`);
      // Nothing after this can be read in context: stop, without an error per open group.
      this.full = true;
      s.pos = s.text.length;
      return null;
    }
    const inner = this.or(depth + 1);
    s.skipSpace();
    if (s.char === ')') s.pos++;
    else this.error(open, 'unclosed (');
    if (!inner) {
      this.error(start, 'empty ( )');
      return null;
    }
    return negated ? { kind: 'not', item: inner } : inner;
  }
}

/** Whether a value must be quoted to read back as the same single value. */
function needsQuotes(value: string, kind: SearchTerm['kind']): boolean {
  return (
    value === '' ||
    /[\s"\\()]/.test(value) ||
    value === 'OR' ||
    (kind === 'text' && (value.startsWith('-') || FIELD_NAME.test(value))) ||
    (kind === 'field' && /^[<>=]/.test(value))
  );
}

function formatValue(value: string, kind: SearchTerm['kind']): string {
  return needsQuotes(value, kind) ? `"${value.replace(/["\\]/g, (c) => '\\' + c)}"` : value;
}

/** Writes terms back as query text that parses to the same terms. */
export function formatSearchQuery(terms: readonly SearchTerm[]): string {
  return terms
    .map((t) => {
      const sign = t.negated ? '-' : '';
      if (t.kind === 'text') return sign + formatValue(t.value, 'text');
      const name = t.field === 'meta' ? META_FIELD.prefix + t.key : t.field;
      return `${sign}${name}:${t.op === '=' ? '' : t.op}${formatValue(t.value, 'field')}`;
    })
    .join(' ');
}

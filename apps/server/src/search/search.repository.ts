import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type {
  FieldTerm,
  FixedFieldTerm,
  MetaFieldTerm,
  SearchExpression,
  SearchFieldName,
  SearchOperator,
  SearchQuery,
  SearchTerm,
} from '@medlabel/schema';
import type { DB, Provenance } from '../db/tables.js';
import { isReader, type Role } from '../auth/actor.js';
import {
  visibleAnnotation,
  visibleCollection,
  visibleImage,
  type Viewer,
} from '../access/access.repository.js';
import { currentTemplates, usedByCollectionAssignedTo } from '../templates/templates.repository.js';

export type SearchKind = 'image' | 'annotation' | 'user' | 'template' | 'collection';

/** Who is searching, reduced to what limits the rows they may see. */
export interface SearchScope {
  userId: number;
  /** admin: no limit; researcher: own collections; annotator: assigned collections, own annotations */
  role: Role;
}

export interface SearchPage {
  /** The parsed query's logic; its top-level `type:` terms have chosen the kind of result. */
  expression: SearchQuery['expression'];
  scope: SearchScope;
  afterId: number;
  limit: number;
}

const termName = (term: SearchTerm) =>
  term.kind === 'text' ? 'text' : term.field === 'meta' ? `meta.${term.key}` : term.field;

/** A term whose field does not apply to the kind of result asked for. */
export class InapplicableTerm extends Error {
  constructor(
    readonly term: SearchTerm,
    reason = 'does not apply here',
  ) {
    super(`${termName(term)} ${reason}`);
  }
}

type Condition<T extends keyof DB, Term> = (
  eb: ExpressionBuilder<DB, T>,
  term: Term,
) => Expression<SqlBool>;
/**
 * How each search field applies to one kind of result; a field left out does not apply.
 * `meta` is the dynamic `meta.<key>` field.
 */
type Conditions<T extends keyof DB> = Partial<
  Record<SearchFieldName, Condition<T, FixedFieldTerm>> & { meta: Condition<T, MetaFieldTerm> }
>;

const contains = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
function like(column: string, value: string) {
  return sql<SqlBool>`${sql.ref(column)} like ${contains(value)} escape '\\'`;
}

/** A date term: `created:2024-05-01` is that whole day; comparisons use the same bounds. */
function dateCondition<T extends keyof DB>(
  eb: ExpressionBuilder<DB, T>,
  column: string,
  op: SearchOperator,
  value: string,
) {
  const col = sql<string>`${sql.ref(column)}`;
  const isDay = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const next = isDay ? new Date(Date.parse(value) + 86_400_000).toISOString().slice(0, 10) : value;
  switch (op) {
    case '=':
      return isDay ? eb.and([eb(col, '>=', value), eb(col, '<', next)]) : eb(col, '=', value);
    case '>':
      return eb(col, '>=', next);
    case '>=':
      return eb(col, '>=', value);
    case '<':
      return eb(col, '<', value);
    case '<=':
      return eb(col, '<', next);
  }
}

/**
 * `source:` says who made a label: `human` or `model`, or how a person made it: alone
 * (`manual`), confirming a model's prediction (`confirmed`) or correcting it (`corrected`).
 */
function sourceCondition(eb: ExpressionBuilder<DB, 'annotations'>, value: string) {
  return value === 'human' || value === 'model'
    ? eb('annotations.source', '=', value)
    : eb('annotations.provenance', '=', value as Provenance);
}

const statusOf = (value: string) =>
  value === 'done' ? 'submitted' : (value as 'draft' | 'submitted');

/**
 * `meta.<key>:value` (text equality) or `meta.<key>:>n` (a number): `images.id in (ids from the
 * (key, value) or (key, number) index range)`. SQLite then walks that id list in order instead of
 * probing the index for every image, so a rare value costs its matches, not a pass over all
 * images; negated, it is a membership test against the same list.
 */
function metadataEntry(eb: ExpressionBuilder<DB, keyof DB>, term: MetaFieldTerm) {
  const entries = eb
    .selectFrom('image_metadata')
    .select('image_metadata.image_id')
    .where('image_metadata.key', '=', term.key);
  if (term.op === '=') {
    return eb('images.id', 'in', entries.where('image_metadata.value', '=', term.value));
  }
  const value = Number(term.value);
  if (!Number.isFinite(value)) throw new InapplicableTerm(term, 'is not a finite number');
  return eb('images.id', 'in', entries.where('image_metadata.number', term.op, value));
}

/** Image attributes, for results that are images or joined to images. */
function imageAttributes<T extends 'images' | 'annotations'>(): Conditions<T> {
  const text =
    (column: string, transform = (v: string) => v) =>
    (_eb: unknown, term: FieldTerm) =>
      sql<SqlBool>`${sql.ref(column)} = ${transform(term.value)}`;
  // DICOM code strings (HEAD, CHEST) are upper case, but imports may spell them otherwise.
  const caseless = (column: string) => (_eb: unknown, term: FieldTerm) =>
    sql<SqlBool>`upper(${sql.ref(column)}) = ${term.value.toUpperCase()}`;
  // Compared as double precision: `width:>1.5` and `width:<1e12` must not overflow an integer.
  const number = (column: string) => (_eb: unknown, term: FieldTerm) => {
    const value = Number(term.value);
    if (!Number.isFinite(value)) throw new InapplicableTerm(term, 'is not a finite number');
    return sql<SqlBool>`${sql.ref(column)} ${sql.raw(term.op)} cast(${value} as double precision)`;
  };
  return {
    meta: (eb, term) => metadataEntry(eb as ExpressionBuilder<DB, keyof DB>, term),
    modality: text('images.modality', (v) => v.toUpperCase()),
    mode: text('images.mode'),
    bodypart: caseless('images.body_part'),
    study: text('images.study_uid'),
    series: text('images.series_uid'),
    width: number('images.width'),
    height: number('images.height'),
    frames: number('images.frames'),
  };
}

const templateNamed = (eb: ExpressionBuilder<DB, keyof DB>, value: string) =>
  eb
    .selectFrom('templates')
    .select('templates.id')
    .where(sql<string>`lower(templates.name)`, '=', value.toLowerCase());
const collectionNamed = (eb: ExpressionBuilder<DB, keyof DB>, value: string) =>
  eb
    .selectFrom('collections')
    .select('collections.id')
    .where(sql<string>`lower(collections.name)`, '=', value.toLowerCase());
const userWithEmail = (eb: ExpressionBuilder<DB, keyof DB>, value: string) =>
  eb.selectFrom('users').select('users.id').where('users.email', '=', value.toLowerCase());

const annotationOfImage = (eb: ExpressionBuilder<DB, 'images'>) =>
  eb
    .selectFrom('annotations')
    .select('annotations.id')
    .whereRef('annotations.image_id', '=', 'images.id');
const membership = (eb: ExpressionBuilder<DB, 'images'>) =>
  eb
    .selectFrom('collection_images')
    .innerJoin('collections', 'collections.id', 'collection_images.collection_id')
    .select('collection_images.image_id')
    .whereRef('collection_images.image_id', '=', 'images.id');

const imageConditions: Conditions<'images'> = {
  ...imageAttributes<'images'>(),
  label: (eb, term) =>
    eb.exists(
      eb
        .selectFrom('annotation_labels')
        .select('annotation_labels.image_id')
        .where('annotation_labels.label', '=', term.value)
        .whereRef('annotation_labels.image_id', '=', 'images.id'),
    ),
  annotator: (eb, term) =>
    eb.exists(
      annotationOfImage(eb).where('annotations.annotator_id', 'in', userWithEmail(eb, term.value)),
    ),
  status: (eb, term) =>
    eb.exists(annotationOfImage(eb).where('annotations.status', '=', statusOf(term.value))),
  source: (eb, term) =>
    eb.exists(annotationOfImage(eb).where((a) => sourceCondition(a, term.value))),
  template: (eb, term) =>
    eb.exists(membership(eb).where('collections.template_id', 'in', templateNamed(eb, term.value))),
  collection: (eb, term) =>
    eb.exists(membership(eb).where('collections.id', 'in', collectionNamed(eb, term.value))),
  created: (eb, term) => dateCondition(eb, 'images.created_at', term.op, term.value),
};

const annotationConditions: Conditions<'annotations'> = {
  ...imageAttributes<'annotations'>(),
  label: (eb, term) =>
    eb.exists(
      eb
        .selectFrom('annotation_labels')
        .select('annotation_labels.annotation_id')
        .where('annotation_labels.label', '=', term.value)
        .whereRef('annotation_labels.annotation_id', '=', 'annotations.id'),
    ),
  annotator: (eb, term) => eb('annotations.annotator_id', 'in', userWithEmail(eb, term.value)),
  status: (eb, term) => eb('annotations.status', '=', statusOf(term.value)),
  source: (eb, term) => sourceCondition(eb, term.value),
  template: (eb, term) => eb('annotations.template_id', 'in', templateNamed(eb, term.value)),
  collection: (eb, term) => eb('annotations.collection_id', 'in', collectionNamed(eb, term.value)),
  created: (eb, term) => dateCondition(eb, 'annotations.created_at', term.op, term.value),
};

const userConditions: Conditions<'users'> = {
  email: (eb, term) => eb('users.email', '=', term.value.toLowerCase()),
  annotator: (eb, term) => eb('users.email', '=', term.value.toLowerCase()),
  role: (eb, term) => eb('users.role', '=', term.value as Role),
  specialty: (_eb, term) => like('users.expertise', `"specialty":${JSON.stringify(term.value)}`),
  created: (eb, term) => dateCondition(eb, 'users.created_at', term.op, term.value),
};

const templateConditions: Conditions<'templates'> = {
  template: (eb, term) => eb(sql<string>`lower(templates.name)`, '=', term.value.toLowerCase()),
  created: (eb, term) => dateCondition(eb, 'templates.created_at', term.op, term.value),
};

const collectionConditions: Conditions<'collections'> = {
  collection: (eb, term) => eb(sql<string>`lower(collections.name)`, '=', term.value.toLowerCase()),
  template: (eb, term) => eb('collections.template_id', 'in', templateNamed(eb, term.value)),
  created: (eb, term) => dateCondition(eb, 'collections.created_at', term.op, term.value),
};

/**
 * The query's logic as SQL: AND, OR and NOT over the terms' conditions (a negated term under
 * NOT); free text matches the given columns. `type:` terms chose the kind of result and are
 * left out.
 */
function where<T extends keyof DB>(
  eb: ExpressionBuilder<DB, T>,
  expression: SearchExpression,
  conditions: Conditions<T>,
  textColumns: string[],
): Expression<SqlBool> {
  const of = (e: SearchExpression) => where(eb, e, conditions, textColumns);
  switch (expression.kind) {
    case 'and':
      return eb.and(expression.items.filter((e) => !isTypeTerm(e)).map(of));
    case 'or':
      return eb.or(expression.items.map(of));
    case 'not':
      return eb.not(of(expression.item));
    case 'term': {
      const { term } = expression;
      const condition =
        term.kind === 'text'
          ? eb.or(textColumns.map((column) => like(column, term.value)))
          : term.field === 'meta'
            ? conditions.meta?.(eb, term)
            : conditions[term.field]?.(eb, term);
      if (!condition) throw new InapplicableTerm(term);
      return term.negated ? eb.not(condition) : condition;
    }
  }
}

const isTypeTerm = (e: SearchExpression) =>
  e.kind === 'term' && e.term.kind === 'field' && e.term.field === 'type';

const viewerOf = (scope: SearchScope): Viewer => ({ id: scope.userId, role: scope.role });

/** Translates parsed search terms into SQL, with keyset pagination on the result ids. */
export class SearchRepository {
  constructor(private readonly db: Kysely<DB>) {}

  images(page: SearchPage) {
    return this.db
      .selectFrom('images')
      .selectAll('images')
      .where((eb) =>
        where(eb, page.expression, imageConditions, [
          'images.url',
          'images.study_uid',
          'images.series_uid',
        ]),
      )
      .where((eb) => visibleImage(eb, viewerOf(page.scope)))
      .where('images.id', '>', page.afterId)
      .orderBy('images.id')
      .limit(page.limit)
      .execute();
  }

  /**
   * Annotations in id order. With a label term the walk follows the label index instead, in
   * annotation order too (with a status term, the (label, status) range): sparse combinations
   * then cost their matches, not a pass over every annotation.
   */
  annotations(page: SearchPage) {
    // Only a label (and status) every result must have can drive the walk: a top-level term.
    const topLevel = page.expression.items.flatMap((e) => (e.kind === 'term' ? [e.term] : []));
    const isField = (term: SearchTerm, field: string): term is FieldTerm =>
      term.kind === 'field' && term.field === field && !term.negated;
    const label = topLevel.find((t): t is FieldTerm => isField(t, 'label'));
    const status = label && topLevel.find((t): t is FieldTerm => isField(t, 'status'));
    // The walk's index holds the label and the annotation's status: those terms are done there.
    // Checking the status on annotations too made PostgreSQL merge-join in annotation order,
    // filtering hundreds of thousands of rows when the combination has no match.
    const walked = new Set<SearchTerm | undefined>([label, status]);
    const cursor = label ? 'al.annotation_id' : 'annotations.id';
    return this.db
      .selectFrom('annotations')
      .$if(label !== undefined, (q) =>
        q
          .innerJoin('annotation_labels as al', 'al.annotation_id', 'annotations.id')
          .where('al.label', '=', label!.value)
          .$if(status !== undefined, (qs) => qs.where('al.status', '=', statusOf(status!.value))),
      )
      .innerJoin('images', 'images.id', 'annotations.image_id')
      .selectAll('annotations')
      .where((eb) =>
        where(
          eb,
          {
            kind: 'and',
            items: page.expression.items.filter((e) => e.kind !== 'term' || !walked.has(e.term)),
          },
          annotationConditions,
          ['annotations.payload', 'annotations.model'],
        ),
      )
      .where((eb) => visibleAnnotation(eb, viewerOf(page.scope)))
      .where(sql.ref<number>(cursor), '>', page.afterId)
      .orderBy(sql.ref(cursor))
      .limit(page.limit)
      .execute();
  }

  users(page: SearchPage) {
    return this.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'role', 'active', 'expertise', 'created_at'])
      .where((eb) => where(eb, page.expression, userConditions, ['users.email', 'users.name']))
      .where('users.id', '>', page.afterId)
      .orderBy('users.id')
      .limit(page.limit)
      .execute();
  }

  templates(page: SearchPage) {
    const { scope } = page;
    return currentTemplates(this.db)
      .where((eb) =>
        where<'templates'>(eb, page.expression, templateConditions, ['templates.name']),
      )
      .$if(isReader(scope.role), (q) =>
        q.where((eb) => usedByCollectionAssignedTo(eb, scope.userId)),
      )
      .where('templates.id', '>', page.afterId)
      .orderBy('templates.id')
      .limit(page.limit)
      .execute();
  }

  collections(page: SearchPage) {
    return this.db
      .selectFrom('collections')
      .selectAll('collections')
      .where((eb) =>
        where(eb, page.expression, collectionConditions, [
          'collections.name',
          'collections.description',
        ]),
      )
      .where((eb) => visibleCollection(eb, viewerOf(page.scope)))
      .where('collections.id', '>', page.afterId)
      .orderBy('collections.id')
      .limit(page.limit)
      .execute();
  }
}

/**
 * Who may see what, as SQL: the one place that decides which collections, annotations and
 * images a person sees in lists, searches, reports and exports. `CollectionAccess` applies the
 * same rules to one collection at a time; a test walks both for every role.
 *
 * - admins: everything;
 * - researchers: collections they own or are assigned to; every image of the platform (the
 *   shared, de-identified pool that collections are built from);
 * - annotators: collections they are assigned to, and the images in them;
 * - annotations: all of a collection's for its owner, its reviewers (`review` assignment) and,
 *   when the collection says so (`annotators_see_all`), its annotators; otherwise a person's own.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { isReader, type Actor } from '../auth/actor.js';
import type { DB } from '../db/tables.js';
import { authorKeyOfUser } from '../collections/collections.repository.js';

export type Viewer = Pick<Actor, 'id' | 'role'>;

/** No limit (admins, or researchers for images). */
const everything = sql<SqlBool>`1 = 1`;

/** Collections the viewer sees. */
export function visibleCollection(
  eb: ExpressionBuilder<DB, 'collections'>,
  viewer: Viewer,
): Expression<SqlBool> {
  if (viewer.role === 'admin') return everything;
  const assigned = eb.exists(
    eb
      .selectFrom('assignments')
      .select('assignments.collection_id')
      .whereRef('assignments.collection_id', '=', 'collections.id')
      .where('assignments.user_id', '=', viewer.id),
  );
  return viewer.role === 'researcher'
    ? eb.or([eb('collections.owner_id', '=', viewer.id), assigned])
    : assigned;
}

/** Annotations the viewer may read. */
export function visibleAnnotation(
  eb: ExpressionBuilder<DB, 'annotations'>,
  viewer: Viewer,
): Expression<SqlBool> {
  if (viewer.role === 'admin') return everything;
  // Correlated on the annotation's collection, so the planner keeps walking in id order.
  const throughAssignment = eb.exists(
    eb
      .selectFrom('assignments')
      .innerJoin('collections as ac', 'ac.id', 'assignments.collection_id')
      .select('assignments.collection_id')
      .whereRef('assignments.collection_id', '=', 'annotations.collection_id')
      .where('assignments.user_id', '=', viewer.id)
      .where((a) =>
        a.or([
          a('assignments.kind', '=', 'review'),
          a('ac.annotators_see_all', '=', 1),
          a('annotations.author_key', '=', authorKeyOfUser(viewer.id)),
        ]),
      ),
  );
  if (viewer.role !== 'researcher') return throughAssignment;
  const owned = eb.exists(
    eb
      .selectFrom('collections as oc')
      .select('oc.id')
      .whereRef('oc.id', '=', 'annotations.collection_id')
      .where('oc.owner_id', '=', viewer.id),
  );
  return eb.or([owned, throughAssignment]);
}

/** Does the viewer see every image of the platform (no predicate needed)? */
export const seesEveryImage = (viewer: Viewer): boolean => !isReader(viewer.role);

/** Images the viewer sees. */
export function visibleImage(
  eb: ExpressionBuilder<DB, 'images'>,
  viewer: Viewer,
): Expression<SqlBool> {
  if (seesEveryImage(viewer)) return everything;
  return eb.exists(
    eb
      .selectFrom('collection_images')
      .innerJoin('assignments', 'assignments.collection_id', 'collection_images.collection_id')
      .select('collection_images.image_id')
      .whereRef('collection_images.image_id', '=', 'images.id')
      .where('assignments.user_id', '=', viewer.id),
  );
}

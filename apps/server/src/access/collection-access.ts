import type { Actor } from '../auth/actor.js';
import type { CollectionRow } from '../db/tables.js';
import { forbidden, notFound } from '../http/problem.js';
import type {
  AssignmentKind,
  AssignmentsRepository,
} from '../assignments/assignments.repository.js';
import type { CollectionsRepository } from '../collections/collections.repository.js';

export interface CollectionGrant {
  collection: CollectionRow;
  /** owner or admin: manages the collection and reads everything in it */
  manages: boolean;
  assignment: AssignmentKind | undefined;
  /** reads every annotation of the collection, not only the actor's own */
  readsAll: boolean;
}

/**
 * The access rules of one collection, for every service that works inside one: the same rules
 * as the SQL predicates of `access.repository.ts`, which lists and searches apply. Admins
 * everything, researchers their own, annotators and researchers the collections assigned to
 * them. A collection the actor may not see answers 404, as if it did not exist.
 */
export class CollectionAccess {
  constructor(
    private readonly collections: CollectionsRepository,
    private readonly assignments: AssignmentsRepository,
  ) {}

  async read(actor: Actor, id: number): Promise<CollectionGrant> {
    const collection = await this.collections.findById(id);
    if (!collection) throw notFound('Collection');
    const manages =
      actor.role === 'admin' || (actor.role === 'researcher' && collection.owner_id === actor.id);
    const assignment = manages ? undefined : await this.assignments.kindOf(id, actor.id);
    if (!manages && assignment === undefined) throw notFound('Collection');
    const readsAll = manages || assignment === 'review' || collection.annotators_see_all === 1;
    return { collection, manages, assignment, readsAll };
  }

  async manage(actor: Actor, id: number): Promise<CollectionGrant> {
    const grant = await this.read(actor, id);
    if (!grant.manages) throw forbidden('Only the owner or an admin manages this collection.');
    return grant;
  }

  /** Annotating needs an `annotate` assignment; owners and admins may annotate too. */
  async annotate(actor: Actor, id: number): Promise<CollectionGrant> {
    const grant = await this.read(actor, id);
    if (!grant.manages && grant.assignment !== 'annotate')
      throw forbidden('You are not assigned to annotate here.');
    return grant;
  }
}

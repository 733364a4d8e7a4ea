import { meetsRequiredExpertise, type Expertise } from '@medlabel/schema';
import type { Actor } from '../auth/actor.js';
import { badRequest, notFound } from '../http/problem.js';
import type { CollectionAccess } from '../access/collection-access.js';
import type { TemplatesService } from '../templates/templates.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { AssignmentKind, AssignmentsRepository } from './assignments.repository.js';

/** Who works on a collection: managed by its owner or an admin, by hand or by expertise. */
export class AssignmentsService {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly users: UsersRepository,
    private readonly templates: TemplatesService,
    private readonly access: CollectionAccess,
  ) {}

  async list(actor: Actor, collectionId: number) {
    await this.access.manage(actor, collectionId);
    const rows = await this.assignments.list(collectionId);
    return rows.map((r) => ({
      userId: r.user_id,
      email: r.email,
      name: r.name,
      kind: r.kind,
      createdAt: r.created_at,
    }));
  }

  async assign(actor: Actor, collectionId: number, userId: number, kind: AssignmentKind) {
    await this.access.manage(actor, collectionId);
    const user = await this.users.findById(userId);
    if (!user) throw notFound('User');
    if (user.active !== 1) throw badRequest('The user is not active.');
    await this.assignments.upsert(collectionId, userId, kind);
    return this.list(actor, collectionId);
  }

  async unassign(actor: Actor, collectionId: number, userId: number) {
    await this.access.manage(actor, collectionId);
    if (!(await this.assignments.delete(collectionId, userId))) throw notFound('Assignment');
  }

  /**
   * Assigns `count` more annotators (default: the readers wanted per image) whose expertise meets
   * the template's requirement, least loaded first so work spreads evenly.
   */
  async autoAssign(actor: Actor, collectionId: number, count: number | undefined) {
    const { collection } = await this.access.manage(actor, collectionId);
    const { requiredExpertise } = await this.templates.definition(
      collection.template_id,
      collection.template_version,
    );
    const assigned = new Set((await this.assignments.list(collectionId)).map((a) => a.user_id));
    const candidates = (await this.assignments.annotatorsWithLoad())
      .filter(
        (u) =>
          !assigned.has(u.id) &&
          meetsRequiredExpertise(JSON.parse(u.expertise) as Expertise[], requiredExpertise),
      )
      .sort((a, b) => Number(a.load) - Number(b.load) || a.id - b.id)
      .slice(0, count ?? collection.readers_per_image);
    for (const candidate of candidates)
      await this.assignments.upsert(collectionId, candidate.id, 'annotate');
    return this.list(actor, collectionId);
  }
}

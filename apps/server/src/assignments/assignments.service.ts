import { describeRequirement, matchExpertise, type Expertise } from '@medlabel/schema';
import type { Actor } from '../auth/actor.js';
import { badRequest, invalid, notFound } from '../http/problem.js';
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
    if (kind === 'review' && user.role === 'annotator')
      throw invalid(
        `${user.name} is an annotator: only reviewers, researchers and admins review. Make them a reviewer first.`,
      );
    await this.assignments.upsert(collectionId, userId, kind);
    return this.list(actor, collectionId);
  }

  async unassign(actor: Actor, collectionId: number, userId: number) {
    await this.access.manage(actor, collectionId);
    if (!(await this.assignments.delete(collectionId, userId))) throw notFound('Assignment');
  }

  /**
   * Assigns `count` more annotators (default: the readers wanted per image) whose expertise meets
   * the template's requirement, least loaded first so work spreads evenly. Answers who was chosen
   * and why, who was passed over and why, and how the images spread over the annotators.
   */
  async autoAssign(actor: Actor, collectionId: number, count: number | undefined) {
    const { collection } = await this.access.manage(actor, collectionId);
    const { requiredExpertise } = await this.templates.definition(
      collection.template_id,
      collection.template_version,
    );
    const assigned = new Set((await this.assignments.list(collectionId)).map((a) => a.user_id));
    const judged = (await this.assignments.annotatorsWithLoad())
      .filter((u) => !assigned.has(u.id))
      .map((u) => ({
        user: u,
        load: Number(u.load),
        match: matchExpertise(JSON.parse(u.expertise) as Expertise[], requiredExpertise),
      }))
      .sort((a, b) => a.load - b.load || a.user.id - b.user.id);
    const chosen = judged
      .filter((j) => j.match.meets)
      .slice(0, count ?? collection.readers_per_image);
    for (const { user } of chosen) await this.assignments.upsert(collectionId, user.id, 'annotate');
    const assignments = await this.list(actor, collectionId);
    const describe = ({ user, load, match }: (typeof judged)[number]) => ({
      userId: user.id,
      name: user.name,
      email: user.email,
      otherCollections: load,
      reason: match.explanation,
    });
    const annotators = assignments.filter((a) => a.kind === 'annotate').length;
    const readings = collection.image_count * collection.readers_per_image;
    return {
      requirement: requiredExpertise ? describeRequirement(requiredExpertise) : null,
      assigned: chosen.map(describe),
      passedOver: judged
        .filter((j) => !j.match.meets)
        .slice(0, MAX_PASSED_OVER)
        .map(describe),
      spread: {
        images: collection.image_count,
        readersPerImage: collection.readers_per_image,
        annotators,
        // Each reader reads an image at most once: no one gets more than every image.
        imagesPerAnnotator:
          annotators === 0 ? 0 : Math.min(collection.image_count, Math.ceil(readings / annotators)),
      },
      assignments,
    };
  }
}

/** Annotators the answer names as not meeting the requirement; the rest are only counted out. */
const MAX_PASSED_OVER = 50;

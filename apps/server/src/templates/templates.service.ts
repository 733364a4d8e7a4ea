import { validateTemplateDefinition, type TemplateDefinition } from '@medlabel/schema';
import { isReader, type Actor } from '../auth/actor.js';
import { conflict, forbidden, invalid, notFound } from '../http/problem.js';
import type { Template, TemplateVersion } from './templates.dto.js';
import type { TemplatesRepository } from './templates.repository.js';

type TemplateRow = NonNullable<Awaited<ReturnType<TemplatesRepository['findById']>>>;

export function toTemplate(row: TemplateRow): Template {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    version: row.current_version,
    definition: JSON.parse(row.definition) as TemplateDefinition,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Validates a definition, answering 422 with pointers into the request body. */
export function checkDefinition(
  definition: unknown,
  base = '/body/definition',
): TemplateDefinition {
  const result = validateTemplateDefinition(definition);
  if (!result.ok) {
    throw invalid(
      'The template definition is invalid.',
      result.problems.map((p) => ({ pointer: base + p.path, message: p.message })),
    );
  }
  return result.value;
}

/**
 * Versioned task templates. Researchers read every template (to reuse them) and change their
 * own; annotators read the templates of collections assigned to them.
 */
export class TemplatesService {
  /** Template definitions never change once written: cache them by (template, version). */
  private readonly definitions = new Map<string, TemplateDefinition>();

  constructor(private readonly templates: TemplatesRepository) {}

  /** The definition of a template version, for services that already checked access (else 404). */
  async definition(templateId: number, version: number): Promise<TemplateDefinition> {
    const key = `${templateId}:${version}`;
    let definition = this.definitions.get(key);
    if (!definition) {
      const row = await this.templates.findVersion(templateId, version);
      if (!row) throw notFound('Template version');
      definition = JSON.parse(row.definition) as TemplateDefinition;
      this.definitions.set(key, definition);
    }
    return definition;
  }

  async list(
    actor: Actor,
    query: { after?: number; limit?: number; mine?: boolean },
  ): Promise<Template[]> {
    const rows = await this.templates.list({
      afterId: query.after ?? 0,
      limit: query.limit ?? 100,
      ...(query.mine ? { ownerId: actor.id } : {}),
      ...(isReader(actor.role) ? { visibleTo: actor.id } : {}),
    });
    return rows.map(toTemplate);
  }

  async get(actor: Actor, id: number): Promise<Template> {
    const row = await this.templates.findById(id);
    if (!row || !(await this.canRead(actor, id))) throw notFound('Template');
    return toTemplate(row);
  }

  async getVersion(actor: Actor, id: number, version: number): Promise<TemplateVersion> {
    const row = await this.templates.findVersion(id, version);
    if (!row || !(await this.canRead(actor, id))) throw notFound('Template version');
    return {
      templateId: row.template_id,
      version: row.version,
      definition: JSON.parse(row.definition) as TemplateDefinition,
      createdBy: row.created_by,
      createdAt: row.created_at,
    };
  }

  async create(actor: Actor, definition: unknown): Promise<Template> {
    if (isReader(actor.role)) throw forbidden('Annotators and reviewers cannot create templates.');
    const def = checkDefinition(definition);
    const id = await this.templates.create({
      ownerId: actor.id,
      name: def.name,
      definition: JSON.stringify(def),
    });
    return this.get(actor, id);
  }

  /** Saves a new version; `baseVersion` is the version the editor started from. */
  async update(
    actor: Actor,
    id: number,
    input: { definition: unknown; baseVersion: number },
  ): Promise<Template> {
    const row = await this.templates.findById(id);
    if (!row || !(await this.canRead(actor, id))) throw notFound('Template');
    if (actor.role !== 'admin' && row.owner_id !== actor.id)
      throw forbidden('Only the owner or an admin edits a template.');
    const def = checkDefinition(input.definition);
    const saved = await this.templates.addVersion({
      id,
      expectedVersion: input.baseVersion,
      name: def.name,
      definition: JSON.stringify(def),
      userId: actor.id,
    });
    if (!saved)
      throw conflict(`The template changed since version ${input.baseVersion}; reload it.`);
    return this.get(actor, id);
  }

  private async canRead(actor: Actor, id: number): Promise<boolean> {
    return !isReader(actor.role) || this.templates.usedByAssignedCollection(id, actor.id);
  }
}

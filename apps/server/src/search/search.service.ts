import { parseSearchQuery, type SearchQuery } from '@medlabel/schema';
import { isReader, type Actor } from '../auth/actor.js';
import { badRequest, forbidden } from '../http/problem.js';
import { toImage } from '../images/images.service.js';
import { toAnnotation } from '../annotations/annotations.service.js';
import { toUser } from '../users/users.service.js';
import { toCollection } from '../collections/collections.service.js';
import { toTemplate } from '../templates/templates.service.js';
import { InapplicableTerm, type SearchKind, type SearchRepository } from './search.repository.js';

export interface SearchRequest {
  q: string;
  after?: number;
  limit?: number;
}

/**
 * Parses the query, answering 400 with the offset of each syntax error. `type:` picks the kind
 * of result for the whole query, so it must stand at the top level, outside OR and groups.
 */
function parse(q: string): { expression: SearchQuery['expression']; kind: SearchKind } {
  const { terms, expression, errors } = parseSearchQuery(q);
  if (errors.length > 0) {
    throw badRequest(
      'The search query is invalid.',
      errors.map((e) => ({ pointer: '/querystring/q', message: `at ${e.offset}: ${e.message}` })),
    );
  }
  const typeTerms = terms.filter((t) => t.kind === 'field' && t.field === 'type');
  const topLevel = new Set(expression.items.flatMap((e) => (e.kind === 'term' ? [e.term] : [])));
  const nested = typeTerms.find((t) => !topLevel.has(t));
  if (nested) {
    throw badRequest(`type: at ${nested.start} must stand outside OR and parentheses.`);
  }
  const kinds = typeTerms.filter((t) => !t.negated);
  if (kinds.length > 1) throw badRequest('Ask for one type of result.');
  return { expression, kind: (kinds[0]?.value as SearchKind | undefined) ?? 'image' };
}

/**
 * Search across images, annotations, users, templates and collections with the query language of
 * @medlabel/schema (`type:annotation label:"CW Doppler" annotator:reader3@example.org`).
 * Results are limited to what the actor may see; pages are keyed by id.
 */
export class SearchService {
  constructor(private readonly search: SearchRepository) {}

  async run(actor: Actor, request: SearchRequest) {
    const { expression, kind } = parse(request.q);
    const limit = request.limit ?? 100;
    const page = {
      expression,
      scope: { userId: actor.id, role: actor.role },
      afterId: request.after ?? 0,
      limit,
    };
    const next = (items: { id: number }[]) =>
      items.length === limit ? items[items.length - 1]!.id : null;
    try {
      switch (kind) {
        case 'image': {
          const items = (await this.search.images(page)).map(toImage);
          return { type: 'image' as const, items, next: next(items) };
        }
        case 'annotation': {
          const items = (await this.search.annotations(page)).map(toAnnotation);
          return { type: 'annotation' as const, items, next: next(items) };
        }
        case 'user': {
          if (isReader(actor.role))
            throw forbidden('Annotators and reviewers cannot search users.');
          const items = (await this.search.users(page)).map(toUser);
          return { type: 'user' as const, items, next: next(items) };
        }
        case 'template': {
          const items = (await this.search.templates(page)).map(toTemplate);
          return { type: 'template' as const, items, next: next(items) };
        }
        case 'collection': {
          const items = (await this.search.collections(page)).map(toCollection);
          return { type: 'collection' as const, items, next: next(items) };
        }
      }
    } catch (error) {
      if (error instanceof InapplicableTerm) {
        throw badRequest(
          `The search term at ${error.term.start} does not apply to ${kind} results.`,
          [{ pointer: '/querystring/q', message: error.message }],
        );
      }
      throw error;
    }
  }

  /** Every image id matching an image query, up to `max`, for building a collection. */
  async imageIds(actor: Actor, q: string, max: number): Promise<number[]> {
    const { expression, kind } = parse(q);
    if (kind !== 'image') throw badRequest('A collection is built from an image search.');
    const ids: number[] = [];
    let afterId = 0;
    while (ids.length < max) {
      const scope = { userId: actor.id, role: actor.role };
      const limit = Math.min(5000, max - ids.length);
      const rows = await this.search
        .images({ expression, scope, afterId, limit })
        .catch((error: unknown) => {
          if (error instanceof InapplicableTerm)
            throw badRequest(`The search term at ${error.term.start} does not apply to images.`);
          throw error;
        });
      ids.push(...rows.map((r) => r.id));
      if (rows.length < limit) break; // a short page is the last one
      afterId = rows[rows.length - 1]!.id;
    }
    return ids;
  }
}

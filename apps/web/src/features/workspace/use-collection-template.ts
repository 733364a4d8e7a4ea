import { useQuery } from '@tanstack/react-query';
import { collectionQuery, templateVersionQuery } from '../../queries.js';

/**
 * Loads a collection and the template version it is annotated with (not the template's newest
 * version: annotations keep the version they were made with).
 */
export function useCollectionTemplate(collectionId: number) {
  const collection = useQuery(collectionQuery(collectionId));
  const template = useQuery(templateVersionQuery(collection.data));
  return { collection, template };
}

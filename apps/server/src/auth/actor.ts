export type Role = 'admin' | 'researcher' | 'reviewer' | 'annotator';
export const ROLES: readonly Role[] = ['admin', 'researcher', 'reviewer', 'annotator'];

/**
 * Readers (annotators, and reviewers: senior readers who check others' work) work only inside
 * collections assigned to them; they create nothing outside them and look up no one.
 */
export const isReader = (role: Role): boolean => role === 'annotator' || role === 'reviewer';

/** Who is making a request, as every service sees it. */
export interface Actor {
  id: number;
  email: string;
  role: Role;
}

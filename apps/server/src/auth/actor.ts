export type Role = 'admin' | 'researcher' | 'annotator';
export const ROLES: readonly Role[] = ['admin', 'researcher', 'annotator'];

/** Who is making a request, as every service sees it. */
export interface Actor {
  id: number;
  email: string;
  role: Role;
}

import { createContext, useContext } from 'react';
import type { User } from './api.js';

export interface Session {
  readonly user: User;
  readonly signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user; only used below the login gate, where it always exists. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export function canManage(user: User): boolean {
  return user.role === 'admin' || user.role === 'researcher';
}

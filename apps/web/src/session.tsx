import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { User } from './api.js';
import type { SaveQueue } from './features/workspace/save-queue.js';
import { useSaveQueue } from './features/workspace/use-save-queue.js';
import { createQueryClient } from './query-client.js';

export interface Session {
  readonly user: User;
  /** The user's own annotation saves: kept per user, sent only in this user's session. */
  readonly saves: SaveQueue;
  readonly signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

/**
 * The signed-in user's session, with its own server-state cache (what one user was shown never
 * reaches the next user of the tab); signing out stops sending the user's saves first.
 */
export function SessionProvider({
  user,
  onSignOut,
  children,
}: {
  user: User;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const saves = useSaveQueue(user.id);
  const [queries] = useState(createQueryClient);
  const session = useMemo(
    () => ({
      user,
      saves,
      signOut: () => {
        saves.stop();
        onSignOut();
      },
    }),
    [user, saves, onSignOut],
  );
  return (
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={queries}>{children}</QueryClientProvider>
    </SessionContext.Provider>
  );
}

/** The signed-in user; only used below the login gate, where it always exists. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export function canManage(user: User): boolean {
  return user.role === 'admin' || user.role === 'researcher';
}

import { useCallback, useEffect, useState } from 'react';
import { ApiError, maybeSignedIn } from '@medlabel/api-client';
import { api, errorMessage, unwrap, type User } from './api.js';
import { Layout } from './components/layout.js';
import { LoginPage } from './features/login/login-page.js';
import { Routes } from './routes.js';
import { SessionProvider } from './session.js';

type Gate =
  | { state: 'loading' }
  | { state: 'signed-out' }
  | { state: 'signed-in'; user: User }
  | { state: 'error'; message: string };

/** Asks the server who is signed in, then shows the login page or the app. */
export function App() {
  // Signed out for sure without a session cookie: no /api/me call to fail with a logged 401.
  const [gate, setGate] = useState<Gate>(() =>
    maybeSignedIn() ? { state: 'loading' } : { state: 'signed-out' },
  );

  useEffect(() => {
    if (!maybeSignedIn()) return;
    api.GET('/api/me').then(
      (result) => setGate({ state: 'signed-in', user: unwrap(result) }),
      (error: unknown) =>
        setGate(
          error instanceof ApiError && error.status === 401
            ? { state: 'signed-out' }
            : { state: 'error', message: errorMessage(error) },
        ),
    );
  }, []);

  const signOut = useCallback(() => {
    void api.POST('/api/auth/logout').finally(() => setGate({ state: 'signed-out' }));
  }, []);

  switch (gate.state) {
    case 'loading':
      return <p className="page-status">Loading…</p>;
    case 'error':
      return (
        <p className="page-status error" role="alert">
          {gate.message}
        </p>
      );
    case 'signed-out':
      return <LoginPage onSignedIn={(user) => setGate({ state: 'signed-in', user })} />;
    case 'signed-in':
      return (
        // Keyed by user: nothing of one user's session (its save queue) outlives a sign-out.
        <SessionProvider key={gate.user.id} user={gate.user} onSignOut={signOut}>
          <Layout>
            <Routes />
          </Layout>
        </SessionProvider>
      );
  }
}

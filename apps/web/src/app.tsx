import { useEffect, useState } from 'react';
import { ApiError } from '@medlabel/api-client';
import { api, errorMessage, unwrap, type User } from './api.js';
import { Layout } from './components/layout.js';
import { LoginPage } from './features/login/login-page.js';
import { Routes } from './routes.js';
import { SessionContext } from './session.js';

type Gate =
  | { state: 'loading' }
  | { state: 'signed-out' }
  | { state: 'signed-in'; user: User }
  | { state: 'error'; message: string };

/** Asks the server who is signed in, then shows the login page or the app. */
export function App() {
  const [gate, setGate] = useState<Gate>({ state: 'loading' });

  useEffect(() => {
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
    case 'signed-in': {
      const signOut = () => {
        void api.POST('/api/auth/logout').finally(() => setGate({ state: 'signed-out' }));
      };
      return (
        <SessionContext.Provider value={{ user: gate.user, signOut }}>
          <Layout>
            <Routes />
          </Layout>
        </SessionContext.Provider>
      );
    }
  }
}

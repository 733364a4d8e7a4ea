import { createMedlabelClient, unwrap, type MedlabelClient } from '@medlabel/api-client';

/**
 * Signs in with a password and makes a bearer API token named `name`: the session cookie and
 * CSRF header are only used to create the token.
 */
export async function createApiToken(
  baseUrl: string,
  credentials: { email: string; password: string },
  name: string,
): Promise<string> {
  const login = await createMedlabelClient({ baseUrl }).POST('/api/auth/login', {
    body: credentials,
  });
  const { csrfToken } = unwrap(login);
  const cookie = login.response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const session = createMedlabelClient({
    baseUrl,
    fetch: (input, init) => {
      const request = new Request(input, init);
      request.headers.set('cookie', cookie);
      request.headers.set('x-csrf-token', csrfToken);
      return fetch(request);
    },
  });
  return unwrap(await session.POST('/api/me/tokens', { body: { name } })).token;
}

/** Signs in with a password and returns a client that sends a fresh bearer API token. */
export async function signIn(
  baseUrl: string,
  credentials: { email: string; password: string },
): Promise<MedlabelClient> {
  const token = await createApiToken(baseUrl, credentials, 'medlabel loop-demo');
  return createMedlabelClient({ baseUrl, token });
}

import { createMedlabelClient, unwrap, type MedlabelClient } from '@medlabel/api-client';

/** Signs in with a password over HTTP and returns a bearer-token client for assertions. */
export async function apiAs(
  baseUrl: string,
  credentials: { email: string; password: string },
): Promise<MedlabelClient> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: credentials.email, password: credentials.password }),
  });
  if (!login.ok)
    throw new Error(`login as ${credentials.email} failed: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const created = await fetch(`${baseUrl}/api/me/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'e2e' }),
  });
  if (!created.ok) throw new Error(`token for ${credentials.email} failed: ${created.status}`);
  const { token } = (await created.json()) as { token: string };
  return createMedlabelClient({ baseUrl, token });
}

export { unwrap };

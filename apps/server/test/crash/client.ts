/** A small JSON client for a server reached over real HTTP (Node's fetch). */
export interface Reply<T = unknown> {
  status: number;
  body: T;
}

export class Client {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  /** The same credentials against another address (a restarted server). */
  at(baseUrl: string): Client {
    return new Client(baseUrl, this.token);
  }

  async send<T = unknown>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Uploads a file as multipart/form-data (field `file`); anything but 2xx throws. */
  async upload<T = unknown>(path: string, file: Buffer, type: string): Promise<T> {
    const form = new FormData();
    form.append('file', new Blob([file], { type }), 'upload');
    const response = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
      body: form,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** The bytes of a GET (a stored file); anything but 2xx throws. */
  async bytes(path: string): Promise<Buffer> {
    const response = await fetch(this.baseUrl + path, {
      headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
    });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** Like send, but anything other than 2xx throws with the problem details. */
  async ok<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const reply = await this.send<T>(method, path, body);
    if (reply.status < 200 || reply.status > 299) {
      throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    return reply.body;
  }

  /** Signs in with a password and returns a client that uses a fresh API token (no CSRF). */
  static async signIn(baseUrl: string, email: string, password: string): Promise<Client> {
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!login.ok) throw new Error(`login ${email}: ${login.status} ${await login.text()}`);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const session = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('medlabel_session='))!
      .split(';')[0]!;
    const created = await fetch(`${baseUrl}/api/me/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'test client' }),
    });
    if (!created.ok) throw new Error(`token ${email}: ${created.status} ${await created.text()}`);
    const { token } = (await created.json()) as { token: string };
    return new Client(baseUrl, token);
  }
}

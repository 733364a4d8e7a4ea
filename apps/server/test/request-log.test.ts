import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createTestApp, type TestApp } from './support/app.js';

describe('request log', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    t = await createTestApp(
      'sqlite',
      {},
      {
        level: 'info',
        stream: { write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) },
      },
    );
  });
  afterAll(() => t.close());

  it('logs client errors at info with the route pattern, not successes or the query', async () => {
    lines.length = 0;
    expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
    const refused = await t.app.inject({ url: '/api/search?q=patient%20name%3Asmith' });
    expect(refused.statusCode).toBe(401);
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toEqual([
      expect.objectContaining({ level: 30, method: 'GET', route: '/api/search', status: 401 }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('smith');
  });

  it('reads its level from MEDLABEL_LOG_LEVEL and refuses unknown ones', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ MEDLABEL_LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(() => loadConfig({ MEDLABEL_LOG_LEVEL: 'verbose' })).toThrow(/MEDLABEL_LOG_LEVEL/);
  });
});

import { describe, expect, it } from 'vitest';
import type { Image } from '../src/api.js';
import { frameUrl, thumbnailUrl } from '../src/features/workspace/image-info.js';

const image = (url: string): Image => ({
  id: 1,
  url,
  width: 512,
  height: 512,
  frames: 3,
  modality: null,
  mode: null,
  bodyPart: null,
  studyUid: null,
  seriesUid: null,
  metadata: {},
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('image URLs', () => {
  it('asks our server for a thumbnail of its own files', () => {
    expect(thumbnailUrl(image('/api/files/0123456789abcdef0123456789abcdef.png'))).toBe(
      '/api/files/0123456789abcdef0123456789abcdef.png?thumb=256',
    );
    expect(thumbnailUrl(image('/api/files/0123456789abcdef0123456789abcdef.jpg'), 128)).toBe(
      '/api/files/0123456789abcdef0123456789abcdef.jpg?thumb=128',
    );
  });

  it('asks our server for a thumbnail of an image that stays on an image source', () => {
    expect(thumbnailUrl(image('/api/sources/2/instances/1.2.840.1'), 128)).toBe(
      '/api/sources/2/instances/1.2.840.1?thumb=128',
    );
  });

  it('keeps the URL of an image on an external host (the server never fetches it)', () => {
    const external = 'https://images.example.org/a.png?series=2';
    expect(thumbnailUrl(image(external))).toBe(external);
    expect(thumbnailUrl(image('https://evil.example.org/api/files/x.png'))).toBe(
      'https://evil.example.org/api/files/x.png',
    );
  });

  it('serves the full image, and other frames by number, in the viewer', () => {
    expect(frameUrl(image('/api/files/a.png'), 0)).toBe('/api/files/a.png');
    expect(frameUrl(image('/api/files/a.png'), 2)).toBe('/api/files/a.png?frame=2');
    expect(frameUrl(image('https://images.example.org/a?x=1'), 1)).toBe(
      'https://images.example.org/a?x=1&frame=1',
    );
  });
});

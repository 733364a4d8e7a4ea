import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_SLICE, fashionIndices, fashionItems, fashionPixels } from '../src/index.js';

describe('the committed Fashion-MNIST slice', () => {
  it('holds 2,000 items of each part with every class', () => {
    for (const part of ['train', 't10k'] as const) {
      const items = fashionItems(part, FASHION_MNIST_SLICE);
      expect(items.count).toBe(2000);
      expect(items.pixels).toHaveLength(2000 * 784);
      expect(new Set(items.labels).size).toBe(10);
      // Real pictures, not blank ones.
      expect(Math.max(...fashionPixels(items, 0))).toBeGreaterThan(200);
    }
  });

  it('picks items of the classes asked for and says when the slice has too few', () => {
    const picked = fashionIndices('t10k', 50, [1, 8], FASHION_MNIST_SLICE);
    const { labels } = fashionItems('t10k', FASHION_MNIST_SLICE);
    expect(picked.every((i) => labels[i] === 1 || labels[i] === 8)).toBe(true);
    expect(() => fashionIndices('t10k', 5000, undefined, FASHION_MNIST_SLICE)).toThrow(
      /FASHION_MNIST_DIR/,
    );
  });
});

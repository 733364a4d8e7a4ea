import { describe, expect, it } from 'vitest';
import { sliderTarget } from '../src/features/workspace/stack-bar.js';

describe('the slice bar as a slider', () => {
  it('steps by the arrows within the stack and jumps by Home and End', () => {
    expect(sliderTarget('ArrowDown', 2, 5)).toBe(3);
    expect(sliderTarget('ArrowRight', 2, 5)).toBe(3);
    expect(sliderTarget('ArrowUp', 2, 5)).toBe(1);
    expect(sliderTarget('ArrowLeft', 2, 5)).toBe(1);
    expect(sliderTarget('ArrowDown', 5, 5)).toBe(5);
    expect(sliderTarget('ArrowUp', 0, 5)).toBe(0);
    expect(sliderTarget('Home', 3, 5)).toBe(0);
    expect(sliderTarget('End', 3, 5)).toBe(5);
  });

  it('leaves other keys (PageUp/PageDown, the template hotkeys) to the workspace', () => {
    expect(sliderTarget('PageDown', 2, 5)).toBeNull();
    expect(sliderTarget('a', 2, 5)).toBeNull();
  });
});

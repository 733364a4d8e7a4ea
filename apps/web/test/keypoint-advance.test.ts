import { describeTemplateUi, exampleTemplates, type Shape } from '@medlabel/schema';
import { describe, expect, it } from 'vitest';
import { nextKeypointName } from '../src/features/workspace/keypoint-advance.js';

const tool = describeTemplateUi(exampleTemplates.cardiacLandmarks).tools[0]!;
const names = tool.keypoints.map((k) => k.name);
const placed = (name: string, frame = 0): Shape => ({
  kind: 'keypoint',
  id: `${name}-${frame}`,
  tool: tool.id,
  name,
  frame,
  points: [{ x: 1, y: 1 }],
});

describe('nextKeypointName', () => {
  it('is the first name not yet placed on the frame shown', () => {
    expect(nextKeypointName(tool, [], 0)).toBe(names[0]);
    expect(nextKeypointName(tool, [placed(names[0]!)], 0)).toBe(names[1]);
    expect(nextKeypointName(tool, [placed(names[1]!)], 0)).toBe(names[0]);
    expect(nextKeypointName(tool, [placed(names[0]!, 1)], 0)).toBe(names[0]);
    expect(
      nextKeypointName(
        tool,
        names.map((n) => placed(n)),
        0,
      ),
    ).toBeUndefined();
  });
});

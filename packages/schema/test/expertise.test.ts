import { describe, expect, it } from 'vitest';
import { meetsRequiredExpertise, type RequiredExpertise } from '../src/index.js';

describe('meetsRequiredExpertise', () => {
  const required: RequiredExpertise = {
    specialty: 'cardiology',
    modality: 'US',
    minimumLevel: 'advanced',
  };

  it('needs the same specialty and modality at the minimum level or above', () => {
    expect(
      meetsRequiredExpertise(
        [{ specialty: 'Cardiology', modality: 'us', level: 'expert' }],
        required,
      ),
    ).toBe(true);
    expect(
      meetsRequiredExpertise(
        [{ specialty: 'cardiology', modality: 'US', level: 'advanced' }],
        required,
      ),
    ).toBe(true);
    expect(
      meetsRequiredExpertise(
        [{ specialty: 'cardiology', modality: 'US', level: 'intermediate' }],
        required,
      ),
    ).toBe(false);
    expect(
      meetsRequiredExpertise(
        [{ specialty: 'radiology', modality: 'US', level: 'expert' }],
        required,
      ),
    ).toBe(false);
    expect(
      meetsRequiredExpertise(
        [
          { specialty: 'cardiology', modality: 'CT', level: 'expert' },
          { specialty: 'cardiology', modality: 'US', level: 'novice' },
        ],
        required,
      ),
    ).toBe(false);
  });

  it('lets anyone work on a template without a requirement', () => {
    expect(meetsRequiredExpertise([], undefined)).toBe(true);
  });
});

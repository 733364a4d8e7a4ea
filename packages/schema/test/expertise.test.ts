import { describe, expect, it } from 'vitest';
import {
  exampleTemplates,
  matchExpertise,
  meetsRequiredExpertise,
  modalityCode,
  SPECIALTIES,
  specialtyName,
  validateTemplateDefinition,
  type RequiredExpertise,
} from '../src/index.js';

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

describe('the expertise vocabulary', () => {
  it('puts synonyms and any case into its words', () => {
    expect(specialtyName(' Neuro-Radiology ')).toBe('neuroradiology');
    expect(specialtyName('ECHO')).toBe('echocardiography');
    expect(specialtyName('MR brain')).toBeUndefined();
    expect(modalityCode('mr')).toBe('MR');
    expect(modalityCode('brain')).toBeUndefined();
  });

  it('names every parent it refers to, and no word twice', () => {
    const names = new Set(SPECIALTIES.map((s) => s.name));
    for (const s of SPECIALTIES) if (s.parent) expect(names).toContain(s.parent);
    const words = SPECIALTIES.flatMap((s) => [s.name, ...s.synonyms]);
    expect(new Set(words).size).toBe(words.length);
  });

  it('lets a subspecialty meet its specialty, not the reverse, and says why', () => {
    const required = { specialty: 'radiology', modality: 'MR', minimumLevel: 'advanced' } as const;
    expect(
      matchExpertise([{ specialty: 'neuroradiology', modality: 'MR', level: 'expert' }], required),
    ).toEqual({ meets: true, explanation: 'neuroradiology (part of radiology), MR, expert' });
    expect(
      matchExpertise([{ specialty: 'radiology', modality: 'MR', level: 'expert' }], {
        ...required,
        specialty: 'neuroradiology',
      }),
    ).toEqual({ meets: false, explanation: 'no neuroradiology expertise in MR' });
    expect(
      matchExpertise([{ specialty: 'radiology', modality: 'mr', level: 'intermediate' }], required),
    ).toEqual({ meets: false, explanation: 'radiology, MR, intermediate: below advanced' });
  });

  it('refuses a template requirement outside the vocabulary, naming the field', () => {
    const result = validateTemplateDefinition({
      ...exampleTemplates.fashionMnist,
      requiredExpertise: { specialty: 'MR brain', modality: 'MR', minimumLevel: 'expert' },
    });
    expect(result).toMatchObject({
      ok: false,
      problems: [{ path: '/requiredExpertise/specialty' }],
    });
  });
});

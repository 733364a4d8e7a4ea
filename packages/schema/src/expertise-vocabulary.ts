// The words expertise is recorded in: specialties with their parents and synonyms, and DICOM
// modalities. A closed list, so that "neuroradiology" counts for a task that needs "radiology"
// and "MR brain" typed into a specialty box cannot silently match nothing.

export interface Specialty {
  /** The stored form: lower case, as users, templates and search use it. */
  readonly name: string;
  /** The broader specialty this one belongs to: it meets requirements for the parent too. */
  readonly parent?: string;
  /** Other words people use for it; they are stored as `name`. */
  readonly synonyms: readonly string[];
}

export const SPECIALTIES: readonly Specialty[] = [
  { name: 'radiology', synonyms: ['diagnostic radiology', 'radiologist', 'medical imaging'] },
  {
    name: 'neuroradiology',
    parent: 'radiology',
    synonyms: ['neuro radiology', 'neuro-radiology', 'neuroimaging'],
  },
  {
    name: 'thoracic radiology',
    parent: 'radiology',
    synonyms: ['chest radiology', 'cardiothoracic radiology', 'chest imaging'],
  },
  { name: 'cardiac imaging', parent: 'radiology', synonyms: ['cardiac radiology'] },
  { name: 'abdominal radiology', parent: 'radiology', synonyms: ['body imaging', 'gi radiology'] },
  {
    name: 'musculoskeletal radiology',
    parent: 'radiology',
    synonyms: ['msk radiology', 'msk imaging', 'musculoskeletal imaging'],
  },
  { name: 'breast imaging', parent: 'radiology', synonyms: ['breast radiology', 'mammography'] },
  { name: 'pediatric radiology', parent: 'radiology', synonyms: ['paediatric radiology'] },
  { name: 'interventional radiology', parent: 'radiology', synonyms: ['vascular radiology'] },
  { name: 'nuclear medicine', synonyms: ['nuclear radiology', 'molecular imaging'] },
  { name: 'cardiology', synonyms: ['cardiologist'] },
  {
    name: 'echocardiography',
    parent: 'cardiology',
    synonyms: ['echo', 'cardiac ultrasound', 'cardiac sonography'],
  },
  { name: 'interventional cardiology', parent: 'cardiology', synonyms: ['cath lab'] },
  { name: 'sonography', synonyms: ['ultrasound', 'ultrasonography', 'sonographer'] },
  { name: 'obstetrics and gynaecology', synonyms: ['obstetrics', 'gynecology', 'ob/gyn', 'obgyn'] },
  { name: 'pathology', synonyms: ['histopathology', 'pathologist'] },
  { name: 'cytopathology', parent: 'pathology', synonyms: ['cytology'] },
  { name: 'dermatology', synonyms: ['dermatologist', 'dermoscopy'] },
  { name: 'ophthalmology', synonyms: ['ophthalmologist', 'retina'] },
  { name: 'gastroenterology', synonyms: ['endoscopy'] },
  { name: 'oncology', synonyms: ['oncologist'] },
  { name: 'radiation oncology', parent: 'oncology', synonyms: ['radiotherapy'] },
  { name: 'emergency medicine', synonyms: ['emergency'] },
  { name: 'neurology', synonyms: ['neurologist'] },
  { name: 'orthopaedics', synonyms: ['orthopedics', 'orthopaedic surgery', 'orthopedic surgery'] },
  { name: 'dentistry', synonyms: ['dental', 'dental radiology'] },
];

/** DICOM modality codes (PS3.3 C.7.3.1.1.1) people label, with their names. */
export const MODALITIES: readonly { readonly code: string; readonly name: string }[] = [
  { code: 'CT', name: 'computed tomography' },
  { code: 'MR', name: 'magnetic resonance' },
  { code: 'US', name: 'ultrasound' },
  { code: 'CR', name: 'computed radiography' },
  { code: 'DX', name: 'digital radiography' },
  { code: 'MG', name: 'mammography' },
  { code: 'XA', name: 'X-ray angiography' },
  { code: 'RF', name: 'radio fluoroscopy' },
  { code: 'NM', name: 'nuclear medicine' },
  { code: 'PT', name: 'positron emission tomography' },
  { code: 'IO', name: 'intra-oral radiography' },
  { code: 'PX', name: 'panoramic X-ray' },
  { code: 'OP', name: 'ophthalmic photography' },
  { code: 'OPT', name: 'ophthalmic tomography' },
  { code: 'SM', name: 'slide microscopy' },
  { code: 'GM', name: 'general microscopy' },
  { code: 'XC', name: 'external-camera photography' },
  { code: 'ES', name: 'endoscopy' },
  { code: 'ECG', name: 'electrocardiography' },
  { code: 'IVUS', name: 'intravascular ultrasound' },
  { code: 'OT', name: 'other' },
];

const byWord = new Map<string, Specialty>();
for (const specialty of SPECIALTIES) {
  for (const word of [specialty.name, ...specialty.synonyms]) byWord.set(word, specialty);
}
const byName = new Map(SPECIALTIES.map((s) => [s.name, s]));
const modalityCodes = new Set(MODALITIES.map((m) => m.code));

const fold = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** The vocabulary's name for a specialty word (a name or synonym, any case); undefined if unknown. */
export function specialtyName(word: string): string | undefined {
  return byWord.get(fold(word))?.name;
}

/** The DICOM code of a modality in any case; undefined if it is not one of MODALITIES. */
export function modalityCode(word: string): string | undefined {
  const code = word.trim().toUpperCase();
  return modalityCodes.has(code) ? code : undefined;
}

/**
 * The specialty and its broader ones, narrowest first: ['neuroradiology', 'radiology']. A word
 * outside the vocabulary (recorded before it existed) stands for itself only.
 */
export function specialtyLineage(word: string): string[] {
  const lineage: string[] = [];
  let current = byWord.get(fold(word));
  if (!current) return [fold(word)];
  while (current && !lineage.includes(current.name)) {
    lineage.push(current.name);
    current = current.parent === undefined ? undefined : byName.get(current.parent);
  }
  return lineage;
}

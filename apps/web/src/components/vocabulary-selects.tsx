import { MODALITIES, SPECIALTIES } from '@medlabel/schema';

/**
 * Offers the vocabulary's specialties, subspecialties indented under their parent. A value
 * recorded before the vocabulary existed stays selectable, marked, until someone replaces it.
 */
export function SpecialtySelect({
  value,
  onChange,
  id,
  optional = false,
}: {
  value: string;
  onChange: (specialty: string) => void;
  id?: string;
  /** The empty choice means "none" rather than "not chosen yet". */
  optional?: boolean;
}) {
  const known = SPECIALTIES.some((s) => s.name === value);
  return (
    <select id={id} value={value} required={!optional} onChange={(e) => onChange(e.target.value)}>
      <option value="">{optional ? '— none —' : '— choose —'}</option>
      {!known && value && <option value={value}>{value} (not in the list)</option>}
      {SPECIALTIES.filter((s) => s.parent === undefined).map((top) => [
        <option key={top.name} value={top.name}>
          {top.name}
        </option>,
        ...SPECIALTIES.filter((s) => s.parent === top.name).map((sub) => (
          <option key={sub.name} value={sub.name}>
            {'\u00a0\u00a0'}
            {sub.name}
          </option>
        )),
      ])}
    </select>
  );
}

/** Offers the DICOM modalities by code and name. */
export function ModalitySelect({
  value,
  onChange,
}: {
  value: string;
  onChange: (modality: string) => void;
}) {
  const known = MODALITIES.some((m) => m.code === value);
  return (
    <select value={value} required onChange={(e) => onChange(e.target.value)}>
      <option value="">— choose —</option>
      {!known && value && <option value={value}>{value} (not in the list)</option>}
      {MODALITIES.map((m) => (
        <option key={m.code} value={m.code}>
          {m.code} — {m.name}
        </option>
      ))}
    </select>
  );
}

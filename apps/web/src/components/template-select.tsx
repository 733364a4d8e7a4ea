import { useQuery } from '@tanstack/react-query';
import { templatesQuery } from '../queries.js';

/** A required choice among the current templates (their newest versions). */
export function TemplateSelect({
  value,
  onChange,
}: {
  value: number | '';
  onChange: (templateId: number | '') => void;
}) {
  const templates = useQuery(templatesQuery());
  return (
    <label>
      Template
      <select
        required
        value={value}
        onChange={(e) => onChange(e.target.value === '' ? '' : Number(e.target.value))}
      >
        <option value="">—</option>
        {templates.data?.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} (v{t.version})
          </option>
        ))}
      </select>
    </label>
  );
}

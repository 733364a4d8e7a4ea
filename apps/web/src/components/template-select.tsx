import { api, unwrap, useLoad } from '../api.js';

/** A required choice among the current templates (their newest versions), loaded on mount. */
export function TemplateSelect({
  value,
  onChange,
}: {
  value: number | '';
  onChange: (templateId: number | '') => void;
}) {
  const templates = useLoad(
    async () => unwrap(await api.GET('/api/templates', { params: { query: { limit: 200 } } })),
    [],
  );
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

import type { FieldValue, Problem, TemplateUi, UiField } from '@medlabel/schema';

export interface TemplateFormProps {
  readonly ui: TemplateUi;
  readonly labels: readonly string[];
  readonly values: Readonly<Record<string, FieldValue>>;
  readonly problems: readonly Problem[];
  readonly onToggleLabel: (name: string) => void;
  readonly onValue: (fieldId: string, value: FieldValue) => void;
}

/** The template's form: image-level labels (with their hotkeys) and the fields. */
export function TemplateForm({
  ui,
  labels,
  values,
  problems,
  onToggleLabel,
  onValue,
}: TemplateFormProps) {
  const problemAt = (prefix: string) =>
    problems
      .filter((p) => p.path === prefix || p.path.startsWith(`${prefix}/`))
      .map((p) => p.message)
      .join('; ');
  const { classification } = ui;
  return (
    <form
      className="template-form"
      aria-label="Annotation form"
      onSubmit={(e) => e.preventDefault()}
    >
      {classification && (
        <fieldset className="labels" aria-describedby="labels-problem">
          <legend>
            {classification.title}
            {classification.required && <RequiredMark />}
          </legend>
          {classification.labels.map((label) => (
            <label key={label.name} className="label-choice">
              <input
                type={classification.choice === 'single' ? 'radio' : 'checkbox'}
                name="classification"
                checked={labels.includes(label.name)}
                onChange={() => onToggleLabel(label.name)}
              />
              <span className="swatch" style={{ background: label.color }} aria-hidden="true" />
              <span className="label-name">{label.name}</span>
              {label.hotkey && (
                <kbd>
                  <span className="visually-hidden">key </span>
                  {label.hotkey}
                </kbd>
              )}
            </label>
          ))}
          <FieldProblem id="labels-problem" text={problemAt('/labels')} />
        </fieldset>
      )}
      {ui.fields.map((field) => (
        <FormField
          key={field.id}
          field={field}
          value={values[field.id] ?? null}
          problem={problemAt(`/values/${field.id}`)}
          onChange={(value) => onValue(field.id, value)}
        />
      ))}
    </form>
  );
}

/** A star for the eye, the word for a screen reader (aria-label on a span is not read). */
function RequiredMark() {
  return (
    <>
      <span className="required" aria-hidden="true">
        {' '}
        *
      </span>
      <span className="visually-hidden"> (required)</span>
    </>
  );
}

function FieldProblem({ id, text }: { id: string; text: string }) {
  return (
    <p id={id} className="field-problem" role={text ? 'alert' : undefined}>
      {text}
    </p>
  );
}

function Title({ field }: { field: UiField }) {
  return (
    <>
      {field.title}
      {field.required && <RequiredMark />}
    </>
  );
}

function FormField({
  field,
  value,
  problem,
  onChange,
}: {
  field: UiField;
  value: FieldValue;
  problem: string;
  onChange: (value: FieldValue) => void;
}) {
  const problemId = `problem-${field.id}`;
  switch (field.kind) {
    case 'number':
      return (
        <div className="field">
          <label htmlFor={`field-${field.id}`}>
            <Title field={field} />
            {field.unit && <span className="muted"> ({field.unit})</span>}
          </label>
          <input
            id={`field-${field.id}`}
            type="number"
            inputMode="decimal"
            step={field.integer ? 1 : 'any'}
            min={field.min}
            max={field.max}
            value={typeof value === 'number' ? value : ''}
            aria-describedby={problemId}
            aria-invalid={problem ? true : undefined}
            onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
          />
          <FieldProblem id={problemId} text={problem} />
        </div>
      );
    case 'checkbox':
      return (
        <div className="field">
          <label className="inline">
            <input
              type="checkbox"
              checked={value === true}
              onChange={(e) => onChange(e.target.checked)}
            />
            <Title field={field} />
          </label>
          <FieldProblem id={problemId} text={problem} />
        </div>
      );
    case 'text':
      return (
        <div className="field">
          <label htmlFor={`field-${field.id}`}>
            <Title field={field} />
          </label>
          {field.multiline ? (
            <textarea
              id={`field-${field.id}`}
              maxLength={field.maxLength}
              value={typeof value === 'string' ? value : ''}
              aria-describedby={problemId}
              onChange={(e) => onChange(e.target.value)}
            />
          ) : (
            <input
              id={`field-${field.id}`}
              type="text"
              maxLength={field.maxLength}
              value={typeof value === 'string' ? value : ''}
              aria-describedby={problemId}
              onChange={(e) => onChange(e.target.value)}
            />
          )}
          <FieldProblem id={problemId} text={problem} />
        </div>
      );
    case 'select':
      if (field.multiple) {
        const chosen = Array.isArray(value) ? value : [];
        return (
          <fieldset className="field" aria-describedby={problemId}>
            <legend>
              <Title field={field} />
            </legend>
            {field.options.map((option) => (
              <label key={option} className="inline">
                <input
                  type="checkbox"
                  checked={chosen.includes(option)}
                  onChange={(e) =>
                    onChange(
                      e.target.checked ? [...chosen, option] : chosen.filter((o) => o !== option),
                    )
                  }
                />
                {option}
              </label>
            ))}
            <FieldProblem id={problemId} text={problem} />
          </fieldset>
        );
      }
      return (
        <div className="field">
          <label htmlFor={`field-${field.id}`}>
            <Title field={field} />
          </label>
          <select
            id={`field-${field.id}`}
            value={typeof value === 'string' ? value : ''}
            aria-describedby={problemId}
            onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
          >
            <option value="">—</option>
            {field.options.map((option) => (
              <option key={option}>{option}</option>
            ))}
          </select>
          <FieldProblem id={problemId} text={problem} />
        </div>
      );
  }
}

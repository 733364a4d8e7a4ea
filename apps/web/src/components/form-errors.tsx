import type { ReactNode } from 'react';
import { isUnder, type FieldError } from './field-errors.js';
import { ErrorText } from './status.js';

/** The server's messages about one field, under it. */
export function FieldProblems({ messages }: { messages: readonly string[] }) {
  return messages.map((message) => (
    <p key={message} className="field-problem" data-testid="field-problem">
      {message}
    </p>
  ));
}

/** A labeled control with the server's messages about it underneath. */
export function Field({
  label,
  errors,
  children,
}: {
  label: string;
  errors: readonly string[];
  children: ReactNode;
}) {
  return (
    <div className={`field${errors.length > 0 ? ' invalid' : ''}`}>
      <label>
        {label}
        {children}
      </label>
      <FieldProblems messages={errors} />
    </div>
  );
}

/**
 * A failed submission beside its form: the server's detail and each field error named by the
 * field it is about (`names` maps pointers to field names; others show their message alone).
 */
export function ErrorSummary({
  error,
  errors,
  names,
}: {
  error: unknown;
  errors: readonly FieldError[];
  names: readonly [pointer: string, name: string][];
}) {
  if (error === undefined) return null;
  if (errors.length === 0) return <ErrorText error={error} />;
  const nameOf = (pointer: string) => names.find(([at]) => isUnder(pointer, at))?.[1];
  return (
    <div className="card error-summary" role="alert" data-testid="form-errors">
      <p>
        <strong>{error instanceof Error ? error.message : 'Not saved.'}</strong>
      </p>
      <ul>
        {errors.map((e) => (
          <li key={e.pointer + e.message}>
            {nameOf(e.pointer) ? `${nameOf(e.pointer)}: ` : ''}
            {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

import { useCallback, useMemo, useRef } from 'react';
import { App, type FormInstance } from 'antd';
import { isApiError, newIdempotencyKey } from '../api/client';
import type { FieldError } from '../api/types';
import { useErrorText, useFieldErrorMessage, useNotifyError } from './errors';

type NamePath = (string | number)[];

export interface ServerErrorTarget {
  /** Top-level form fields a server path may land on, e.g. ['usccCode', 'roles']. */
  fields: readonly string[];
  /** Form.List fields whose nested paths ("declarationElements.0.key") address a nested form field. */
  lists?: readonly string[];
  /** Renames a top-level path (the server's "validFrom" is the form's "period"). */
  rename?: Readonly<Record<string, string>>;
  /** A better message for some errors than the generic one (e.g. the USCC check character). */
  describe?: (error: FieldError) => string | undefined;
}

/** The form field a server error path names, or null when the form has no such field. */
export function fieldNameFor(path: string, target: ServerErrorTarget): NamePath | null {
  const segments = path.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  const head = segments[0];
  if (typeof head !== 'string') return null;
  const name = target.rename?.[head] ?? head;
  if (!target.fields.includes(name)) return null;
  // "roles.1" (an entry of a multi-select) marks the select; a Form.List entry marks the entry's own field.
  return target.lists?.includes(name) && segments.length > 1 ? [name, ...segments.slice(1)] : [name];
}

/**
 * Shows a failed save: the server's field errors (422, and 409 duplicates) on the fields they name, with a short
 * toast; anything that belongs to no field, or any other failure, as the usual error notification.
 * Returns true when every field error found its field.
 */
export function useShowServerErrors() {
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const errorText = useErrorText();
  const fieldMessage = useFieldErrorMessage();
  return useCallback(
    (form: FormInstance, error: unknown, target: ServerErrorTarget): boolean => {
      if (!isApiError(error) || error.fieldErrors.length === 0 || (error.status !== 422 && error.status !== 409)) {
        notifyError(error);
        return false;
      }
      const byField = new Map<string, { name: NamePath; errors: string[] }>();
      const unplaced: FieldError[] = [];
      for (const fieldError of error.fieldErrors) {
        const name = fieldNameFor(fieldError.path, target);
        if (!name) {
          unplaced.push(fieldError);
          continue;
        }
        const key = JSON.stringify(name);
        const entry = byField.get(key) ?? { name, errors: [] };
        entry.errors.push(target.describe?.(fieldError) ?? fieldMessage(fieldError));
        byField.set(key, entry);
      }
      const entries = [...byField.values()];
      form.setFields(entries.map((entry) => ({ name: entry.name, errors: entry.errors })));
      if (entries[0]) form.scrollToField(entries[0].name, { block: 'center' });
      if (unplaced.length > 0) {
        notifyError(error);
        return false;
      }
      message.error(errorText(error).title);
      return true;
    },
    [message, notifyError, errorText, fieldMessage],
  );
}

/**
 * Idempotency-Key for a creating POST: the same body retried (after a timeout, a double click) reuses the key, so
 * the server answers with the first result instead of creating twice; a changed body gets a fresh key. Call
 * `reset` after a success so that creating the same thing again is a new request.
 */
export function useIdempotencyKey() {
  const last = useRef<{ body: string; key: string } | null>(null);
  return useMemo(
    () => ({
      keyFor(body: unknown): string {
        const text = JSON.stringify(body);
        if (last.current?.body !== text) last.current = { body: text, key: newIdempotencyKey() };
        return last.current.key;
      },
      reset() {
        last.current = null;
      },
    }),
    [],
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormInstance } from 'antd';
import { declarationsApi } from '../../../api/endpoints';
import type { TaxPreview } from '../../../api/types';
import { formatProblems, toDraft, type FormValues } from './formModel';

const PREVIEW_DELAY_MS = 600;

export interface TaxPreviewState {
  preview: TaxPreview | null;
  loading: boolean;
  error: unknown;
  /** Call on every change of the form's values; the preview follows after a pause in typing. */
  changed(): void;
}

/** Live dry mass, value and tax from POST /declarations/tax-preview: the server computes, the UI only shows. */
export function useTaxPreview(form: FormInstance<FormValues>): TaxPreviewState {
  const [preview, setPreview] = useState<TaxPreview | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const controller = useRef<AbortController | null>(null);

  const compute = useCallback(async () => {
    const values = form.getFieldsValue(true) as FormValues;
    if (formatProblems(values).length > 0) return;
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setLoading(true);
    try {
      const result = await declarationsApi.taxPreview({ ...(values.importerId ? { importerId: values.importerId } : {}), ...toDraft(values) }, abort.signal);
      if (!abort.signal.aborted) {
        setPreview(result);
        setError(null);
      }
    } catch (failure) {
      if (!abort.signal.aborted) setError(failure);
    } finally {
      if (controller.current === abort) {
        controller.current = null;
        setLoading(false);
      }
    }
  }, [form]);

  const changed = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void compute();
    }, PREVIEW_DELAY_MS);
  }, [compute]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      controller.current?.abort();
    },
    [],
  );

  return { preview, loading, error, changed };
}

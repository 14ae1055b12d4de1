import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormInstance } from 'antd';
import { isApiError, newIdempotencyKey } from '../../../api/client';
import { declarationsApi } from '../../../api/endpoints';
import type { CreateDeclarationRequest, Declaration } from '../../../api/types';
import { formatProblems, toDraft, type FormValues } from './formModel';

export type AutosaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'invalid' | 'failed' | 'needsImporter';

const AUTOSAVE_DELAY_MS = 1000;

interface Options {
  form: FormInstance<FormValues>;
  /** The first save of a new form creates the draft (POST with this session's Idempotency-Key). */
  onCreated(declaration: Declaration): void;
  /** 412: someone else saved first; the fresh record has been loaded and must replace the form's values. */
  onConflictReloaded(declaration: Declaration): void;
  /** 422 or other failures of a save. */
  onError(error: unknown): void;
}

export interface DraftAutosave {
  declaration: Declaration | null;
  status: AutosaveStatus;
  savedAt: Date | null;
  /** Call on every change of the form's values. */
  changed(): void;
  /** Saves now (waiting for a save in flight) and resolves to the saved record, or null when it could not be saved. */
  flush(): Promise<Declaration | null>;
  /** Starts from a loaded record (edit page) or from nothing (new form, new Idempotency-Key). */
  reset(declaration: Declaration | null): void;
}

/** Debounced draft autosave: POST once to create, then PATCH with If-Match, one request at a time. */
export function useDraftAutosave({ form, onCreated, onConflictReloaded, onError }: Options): DraftAutosave {
  const [declaration, setDeclaration] = useState<Declaration | null>(null);
  const [status, setStatus] = useState<AutosaveStatus>('idle');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const current = useRef<Declaration | null>(null);
  const dirty = useRef(false);
  const inFlight = useRef<Promise<Declaration | null> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());
  /** A create whose answer never arrived is retried with the same key and the same body, so it cannot double-create. */
  const unansweredCreate = useRef<CreateDeclarationRequest | null>(null);
  const callbacks = useRef({ onCreated, onConflictReloaded, onError });
  callbacks.current = { onCreated, onConflictReloaded, onError };

  const accept = useCallback((saved: Declaration) => {
    current.current = saved;
    setDeclaration(saved);
    setSavedAt(new Date());
    setStatus(dirty.current ? 'pending' : 'saved');
  }, []);

  const persist = useCallback(async (): Promise<Declaration | null> => {
    const values = form.getFieldsValue(true) as FormValues;
    if (formatProblems(values).length > 0) {
      setStatus('invalid');
      return null;
    }
    const existing = current.current;
    if (!existing && !values.importerId) {
      setStatus('needsImporter');
      return null;
    }
    const draft = toDraft(values);
    dirty.current = false;
    setStatus('saving');
    try {
      if (!existing) {
        const retried = unansweredCreate.current;
        const body = retried ?? { importerId: values.importerId!, ...draft };
        unansweredCreate.current = body;
        const created = await declarationsApi.create(body, idempotencyKey.current);
        unansweredCreate.current = null;
        accept(created);
        callbacks.current.onCreated(created);
        if (!retried) return created;
        // The replayed create carried the older content: bring the draft up to date.
        const updated = await declarationsApi.update(created.id, created.version, draft);
        accept(updated);
        return updated;
      }
      const saved = await declarationsApi.update(existing.id, existing.version, draft);
      accept(saved);
      return saved;
    } catch (error) {
      dirty.current = true;
      if (!current.current && !(isApiError(error) && error.status === 0)) {
        // The server answered: nothing was stored under this key, so the next attempt may send new content.
        unansweredCreate.current = null;
        idempotencyKey.current = newIdempotencyKey();
      }
      if (existing && isApiError(error) && error.status === 412) {
        try {
          const fresh = await declarationsApi.get(existing.id);
          dirty.current = false;
          current.current = fresh;
          setDeclaration(fresh);
          setStatus('saved');
          setSavedAt(new Date());
          callbacks.current.onConflictReloaded(fresh);
          return null;
        } catch (reloadError) {
          setStatus('failed');
          callbacks.current.onError(reloadError);
          return null;
        }
      }
      setStatus(isApiError(error) && error.status === 422 ? 'invalid' : 'failed');
      callbacks.current.onError(error);
      return null;
    }
  }, [accept, form]);

  const run = useCallback((): Promise<Declaration | null> => {
    const previous = inFlight.current;
    const next = (async () => {
      if (previous) await previous.catch(() => null);
      if (!dirty.current && current.current) return current.current;
      return persist();
    })();
    inFlight.current = next;
    void next.finally(() => {
      if (inFlight.current === next) inFlight.current = null;
    });
    return next;
  }, [persist]);

  const changed = useCallback(() => {
    dirty.current = true;
    setStatus('pending');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void run();
    }, AUTOSAVE_DELAY_MS);
  }, [run]);

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!current.current) dirty.current = true;
    return run();
  }, [run]);

  const reset = useCallback((next: Declaration | null) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    current.current = next;
    dirty.current = false;
    unansweredCreate.current = null;
    idempotencyKey.current = newIdempotencyKey();
    setDeclaration(next);
    setStatus('idle');
    setSavedAt(null);
  }, []);

  // Leaving the page with a save still waiting: send it now rather than drop the user's last edits.
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(
    () => () => {
      if (!timer.current) return;
      clearTimeout(timer.current);
      timer.current = null;
      void runRef.current();
    },
    [],
  );

  // Closing the tab while a change is unsaved: let the browser ask first.
  const unsaved = status === 'pending' || status === 'saving';
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  return { declaration, status, savedAt, changed, flush, reset };
}

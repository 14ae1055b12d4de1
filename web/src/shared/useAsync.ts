import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Replaces the data without a request (e.g. with the record an action returned). */
  setData: (data: T) => void;
}

/** Runs `load` when `deps` change; a late answer to an earlier request is dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const current = ++generation.current;
    setLoading(true);
    setError(null);
    loadRef
      .current()
      .then((result) => {
        if (generation.current === current) setData(result);
      })
      .catch((failure: unknown) => {
        if (generation.current === current) setError(failure);
      })
      .finally(() => {
        if (generation.current === current) setLoading(false);
      });
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const replace = useCallback((next: T) => {
    generation.current++;
    setData(next);
    setError(null);
    setLoading(false);
  }, []);
  return { data, error, loading, reload, setData: replace };
}

/** Calls `fn` once the arguments stop changing for `delay` ms. */
export function useDebouncedCallback<A extends unknown[]>(fn: (...args: A) => void, delay: number) {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const schedule = useCallback(
    (...args: A) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        fnRef.current(...args);
      }, delay);
    },
    [delay],
  );
  const cancel = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);
  return { schedule, cancel };
}

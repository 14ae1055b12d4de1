import { useEffect, useMemo, useState } from 'react';
import { referenceApi } from '../../api/endpoints';
import type { Commodity, OverseasShipper, Port, ReferenceEntry, TransportMode } from '../../api/types';

interface ReferenceKinds {
  commodities: Commodity;
  countries: ReferenceEntry;
  currencies: ReferenceEntry;
  ports: Port;
  transportModes: TransportMode;
  overseasShippers: OverseasShipper;
}
export type ReferenceKind = keyof ReferenceKinds;

const loaders: { [K in ReferenceKind]: () => Promise<{ items: ReferenceKinds[K][] }> } = {
  commodities: referenceApi.commodities,
  countries: referenceApi.countries,
  currencies: referenceApi.currencies,
  ports: referenceApi.ports,
  transportModes: referenceApi.transportModes,
  overseasShippers: referenceApi.overseasShippers,
};

/** Reference lists change rarely: one request per kind per page load; a failure is retried on next use. */
const cache = new Map<ReferenceKind, Promise<unknown[]>>();

function loadReference<K extends ReferenceKind>(kind: K): Promise<ReferenceKinds[K][]> {
  let pending = cache.get(kind) as Promise<ReferenceKinds[K][]> | undefined;
  if (!pending) {
    pending = loaders[kind]().then((page) => page.items);
    pending.catch(() => cache.delete(kind));
    cache.set(kind, pending);
  }
  return pending;
}

/** Forget a cached list after changing it (a new overseas shipper), so the next use loads it again. */
export function invalidateReference(kind: ReferenceKind): void {
  cache.delete(kind);
}

export interface ReferenceState<T> {
  items: T[];
  loading: boolean;
  error: unknown;
}

export function useReference<K extends ReferenceKind>(kind: K): ReferenceState<ReferenceKinds[K]> {
  const [state, setState] = useState<ReferenceState<ReferenceKinds[K]>>({ items: [], loading: true, error: null });
  useEffect(() => {
    let active = true;
    loadReference(kind).then(
      (items) => active && setState({ items, loading: false, error: null }),
      (error: unknown) => active && setState({ items: [], loading: false, error }),
    );
    return () => {
      active = false;
    };
  }, [kind]);
  return state;
}

/** code → entry, for showing names of codes stored on a declaration. */
export function useReferenceMap<K extends Exclude<ReferenceKind, 'overseasShippers'>>(kind: K): Map<string, ReferenceKinds[K]> {
  const { items } = useReference(kind);
  return useMemo(() => new Map(items.map((item) => [item.code, item] as const)), [items]);
}

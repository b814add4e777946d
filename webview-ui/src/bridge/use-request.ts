import { useCallback, useEffect, useState } from "react";
import type { Method, ParamsOf, ResultOf } from "#protocol/webview-protocol.js";
import { useTransport } from "./transport";

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

/**
 * Loads a request's result, again whenever its params change or the host says the practice data
 * changed, and on reload(). An answer that arrives after newer params were asked for is dropped.
 */
export function useRequest<M extends Method>(method: M, params: ParamsOf<M>): Loaded<ResultOf<M>> {
  const { request, onNotification } = useTransport();
  const [loaded, setLoaded] = useState<{ data: ResultOf<M> | null; error: string | null }>({ data: null, error: null });
  const [reloads, setReloads] = useState(0);
  // Params are a fresh object on every render: their JSON says when they really changed.
  const paramsJson = JSON.stringify(params);
  const reload = useCallback(() => {
    setLoaded((last) => ({ data: last.data, error: null }));
    setReloads((n) => n + 1);
  }, []);
  useEffect(() => {
    let current = true;
    request(method, JSON.parse(paramsJson) as ParamsOf<M>).then(
      (data) => current && setLoaded({ data, error: null }),
      (e: Error) => current && setLoaded((last) => ({ data: last.data, error: e.message })),
    );
    return () => {
      current = false;
    };
  }, [method, paramsJson, request, reloads]);
  useEffect(() => onNotification("data/changed", reload), [reload, onNotification]);
  return { ...loaded, reload };
}

import { useCallback, useEffect, useState } from "react";
import type { Method, ParamsOf, ResultOf } from "../../../extension/src/protocol/webview-protocol";
import { useTransport } from "./transport";

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

/** Loads a request's result, and loads it again whenever the host says the practice data changed. */
export function useRequest<M extends Method>(method: M, params: ParamsOf<M>, key: string): Loaded<ResultOf<M>> {
  const { request, onNotification } = useTransport();
  const [data, setData] = useState<ResultOf<M> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    setError(null);
    request(method, params)
      .then(setData)
      .catch((e: Error) => setError(e.message));
    // The key stands for the params, which are a fresh object on every render.
  }, [method, key, request]);
  useEffect(reload, [reload]);
  useEffect(() => onNotification("data/changed", reload), [reload, onNotification]);
  return { data, error, reload };
}

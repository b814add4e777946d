import { VscodeButton, VscodeProgressRing } from "./elements";

export function Loading({ what }: { what: string }) {
  return (
    <div className="status" role="status">
      <VscodeProgressRing /> <span>Loading {what}…</span>
    </div>
  );
}

export function ErrorMessage({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="status error" role="alert">
      <span className="codicon codicon-error" aria-hidden="true" />
      <span>{message}</span>
      <VscodeButton secondary onClick={onRetry}>
        Retry
      </VscodeButton>
    </div>
  );
}

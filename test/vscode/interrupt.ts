// Ends a run cleanly on Ctrl+C or a CI kill: the server and Chromium run in process groups of their
// own, so without this they would outlive the test process.
type Abort = () => Promise<void>;

const aborts = new Set<Abort>();
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
const GRACE_MS = 10_000;
let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  for (const [signal, number] of Object.entries(SIGNALS)) {
    process.once(signal, () => {
      const closing = Promise.all([...aborts].map((abort) => abort().catch(() => undefined)));
      const grace = new Promise((resolve) => setTimeout(resolve, GRACE_MS).unref());
      // process.exit rather than dying by the signal, so every 'exit' hook (Playwright's too) still runs.
      void Promise.race([closing, grace]).then(() => process.exit(128 + number));
    });
  }
}

/** Registers what to close if the process is interrupted; returns the way to unregister it. */
export function onInterrupt(abort: Abort): () => void {
  hook();
  aborts.add(abort);
  return () => {
    aborts.delete(abort);
  };
}

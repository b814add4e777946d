// The AsyncLocalStorage oidc-provider runs each of its requests in (ProviderRequests switches it off when idle).
declare module "oidc-provider/lib/helpers/als.js" {
  import type { AsyncLocalStorage } from "node:async_hooks";
  const providerContext: AsyncLocalStorage<unknown>;
  export default providerContext;
}

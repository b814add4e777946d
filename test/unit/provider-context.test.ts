import assert from "node:assert/strict";
import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { ProviderRequests } from "../../mcp-server/src/http/oauth/provider-context.js";

/** A provider request as oidc-provider runs one: inside its context, finishing after `ms`. */
const providerRequest = (context: AsyncLocalStorage<string>, name: string, ms: number) => () =>
  context.run(name, async () => {
    await sleep(ms);
    return context.getStore();
  });

describe("ProviderRequests: oidc-provider's request context is on only while one of its requests is in flight", () => {
  it("a request still running keeps its context when another finishes first; the last one switches it off", async () => {
    const context = new AsyncLocalStorage<string>();
    const requests = new ProviderRequests(context);
    const long = requests.handle(providerRequest(context, "long", 40));
    const short = requests.handle(providerRequest(context, "short", 5));
    assert.equal(await short, "short");
    assert.equal(await long, "long", "the long request lost its context when the short one finished");
    // A continuation left over from a request sees no context once the provider is idle: the context was switched off.
    const leftOver = context.run("left over", () => sleep(10).then(() => context.getStore()));
    await requests.handle(providerRequest(context, "next", 1));
    assert.equal(await leftOver, undefined);
  });

  it("a request that fails switches the context off too", async () => {
    const context = new AsyncLocalStorage<string>();
    const requests = new ProviderRequests(context);
    const leftOver = context.run("left over", () => sleep(10).then(() => context.getStore()));
    await assert.rejects(
      requests.handle(() => Promise.reject(new Error("the client was refused"))),
      /refused/,
    );
    assert.equal(await leftOver, undefined);
  });

  it("the next request switches it back on", async () => {
    const context = new AsyncLocalStorage<string>();
    const requests = new ProviderRequests(context);
    await requests.handle(providerRequest(context, "first", 1));
    assert.equal(await requests.handle(providerRequest(context, "second", 5)), "second");
  });
});

import assert from "node:assert/strict";
import { parseWrk } from "../../bench/load-generator.js";

const summary = (extra = "") => `Running 2s test @ http://127.0.0.1:8978/hello
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   549.30us    1.31ms  28.84ms   96.84%
    Req/Sec    26.57k     8.99k   34.79k    85.00%
  Latency Distribution
     50%  297.00us
     75%  466.00us
     90%  733.00us
     99%    4.81ms
  52626 requests in 2.00s, 9.44MB read
${extra}Requests/sec:  26281.67
Transfer/sec:      4.71MB
`;

describe("the HTTP bench's wrk summary", () => {
  it("reads requests/s, the total and the latency percentiles in ms", () => {
    assert.deepEqual(parseWrk("u", summary()), { rps: 26281.67, p50: 0.297, p99: 4.81, requests: 52626 });
  });

  it("fails a run with non-2xx answers or socket errors instead of counting them", () => {
    assert.throws(() => parseWrk("u", summary("  Non-2xx or 3xx responses: 12\n")), /12 non-2xx/);
    assert.throws(() => parseWrk("u", summary("  Socket errors: connect 0, read 3, write 0, timeout 0\n")), /read 3/);
    assert.doesNotThrow(() => parseWrk("u", summary("  Socket errors: connect 0, read 0, write 0, timeout 0\n")));
  });
});

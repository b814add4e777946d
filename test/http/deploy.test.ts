import { parser } from "@prometheus-io/lezer-promql";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { WebSocket } from "ws";
import YAML from "yaml";
import { connectMcp, createKey, request, startHttpCoach, type HttpCoach } from "../support/http-server.js";

const DEPLOY = path.join(__dirname, "../../deploy");
const DIST = path.join(__dirname, "../../dist");
const read = (file: string) => readFileSync(path.join(DEPLOY, file), "utf8");
const yaml = <T>(file: string) => YAML.parse(read(file), { merge: true }) as T;

interface Compose {
  services: Record<
    string,
    {
      command?: string[];
      volumes?: string[];
      environment?: Record<string, string>;
      image?: string;
      build?: { context: string; dockerfile: string };
      depends_on?: string[] | Record<string, { condition?: string }>;
      healthcheck?: { test: string[] };
    }
  >;
}
interface PrometheusConfig {
  rule_files: string[];
  scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[];
}
interface Rules {
  groups: { rules: { alert?: string; record?: string; expr: string }[] }[];
}
interface Dashboard {
  panels: { type: string; title: string; datasource?: { uid: string }; targets?: { expr: string; datasource: { uid: string } }[] }[];
  templating: { list: { name: string; query: { query: string } }[] };
}

/** Every PromQL expression the stack runs: dashboard panels, its template variable's query, and the alert rules. */
function queries(): { where: string; expr: string }[] {
  const dashboard = JSON.parse(read("grafana/dashboards/interview-coach.json")) as Dashboard;
  const fromPanels = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => ({ where: `panel "${panel.title}"`, expr: t.expr })));
  // label_values(<selector>, <label>) is Grafana's, not PromQL: the selector inside is.
  const fromVariables = dashboard.templating.list.map((v) => ({
    where: `variable $${v.name}`,
    expr: /^label_values\((.+),\s*\w+\)$/.exec(v.query.query)![1]!,
  }));
  const fromRules = yaml<Rules>("alerts.yml").groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert ?? r.record}`, expr: r.expr })));
  // Grafana fills these in before Prometheus sees the query.
  return [...fromPanels, ...fromVariables, ...fromRules].map((q) => ({ ...q, expr: q.expr.replaceAll("$__rate_interval", "1m") }));
}

interface Selector {
  metric: string;
  labels: string[];
}

/** The series selectors and grouping labels of one expression, read with Prometheus's own PromQL grammar. */
function parsePromql(expr: string): { selectors: Selector[]; grouping: string[]; errors: string[] } {
  const selectors: Selector[] = [];
  const grouping: string[] = [];
  const errors: string[] = [];
  const text = (from: number, to: number) => expr.slice(from, to);
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: "${text(Math.max(0, node.from - 20), node.to + 20)}"`);
      if (node.name === "VectorSelector") {
        const metric = node.node.getChild("Identifier");
        const matchers = node.node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? [];
        selectors.push({
          metric: metric ? text(metric.from, metric.to) : "",
          labels: matchers.map((m) => m.getChild("LabelName")!).map((n) => text(n.from, n.to)),
        });
      }
      if (node.name === "GroupingLabels") for (const label of node.node.getChildren("LabelName")) grouping.push(text(label.from, label.to));
    },
  });
  return { selectors, grouping, errors };
}

/** Series name → the label names it carries, from a Prometheus text exposition. */
function exposedSeries(exposition: string): Map<string, Set<string>> {
  const series = new Map<string, Set<string>>();
  for (const line of exposition.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s/.exec(line);
    if (!match) continue;
    const labels = series.get(match[1]!) ?? new Set<string>();
    for (const label of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) labels.add(label[1]!);
    series.set(match[1]!, labels);
  }
  return series;
}

/** Labels Prometheus adds to every scraped series, and `up`, which it records per target itself. */
const TARGET_LABELS = ["job", "instance"];
const PROMETHEUS_SERIES = new Map([["up", new Set<string>()]]);

describe("deploy/: the container, compose stack, Prometheus and Grafana configs match the server", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  let exposition: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-deploy-"));
    const key = await createKey(dir, "grace", ["project:read", "project:write", "memory:access"]);
    coach = await startHttpCoach({ dataDir: dir });
    // Each metric with labels has series only once observed: make every one the dashboard plots happen.
    const remote = await connectMcp(coach, key);
    await remote.call("list_variants");
    await remote.close();
    const socket = new WebSocket(`${coach.url.replace(/^http/, "ws")}/v1/sync`, { headers: { authorization: `Bearer ${key}` } });
    const delivered = new Promise<void>((resolve, reject) => {
      socket.on("message", (data) => (JSON.parse(data.toString()) as { type: string }).type === "change" && resolve());
      socket.on("error", reject);
    });
    await new Promise<void>((resolve, reject) => socket.once("open", resolve).once("error", reject));
    socket.send(JSON.stringify({ type: "subscribe" }));
    const put = await request(coach, "/v1/projects/acme", {
      method: "PUT",
      credential: key,
      body: { name: "Acme" },
      headers: { "idempotency-key": "deploy-test-1" },
    });
    assert.equal(put.status, 200, await put.text());
    await delivered;
    exposition = await (await request(coach, "/metrics")).text();
    socket.close();
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("every YAML file parses without errors or warnings, and the dashboard is JSON", () => {
    for (const file of [
      "docker-compose.yml",
      "prometheus.yml",
      "alerts.yml",
      "grafana/provisioning/datasources/prometheus.yml",
      "grafana/provisioning/dashboards/interview-coach.yml",
    ]) {
      const document = YAML.parseDocument(read(file), { merge: true });
      assert.deepEqual([...document.errors, ...document.warnings].map(String), [], file);
    }
    assert.doesNotThrow(() => JSON.parse(read("grafana/dashboards/interview-coach.json")));
  });

  it("compose runs two instances on one Redis and one data volume, Prometheus scrapes both on the port the image serves, Grafana loads the dashboard", () => {
    const compose = yaml<Compose>("docker-compose.yml");
    const { services } = compose;
    const dockerCmd = JSON.parse(/^CMD (\[.*\])$/m.exec(read("Dockerfile"))![1]!) as string[];
    const port = dockerCmd[dockerCmd.indexOf("--port") + 1];
    assert.deepEqual(dockerCmd, ["node", "dist/mcp-server.js", "--http", "--host", "0.0.0.0", "--port", "8080", "--data-dir", "/data"]);
    for (const name of ["coach-a", "coach-b"]) {
      const command = services[name]!.command!;
      assert.equal(command[command.indexOf("--redis") + 1], "redis://redis:6379", `${name} shares the redis service`);
      assert.equal(command[command.indexOf("--port") + 1], port, name);
      assert.ok(services[name]!.environment?.COACH_JWT_SECRET, `${name} gets the shared signing secret`);
      assert.equal(path.join(DEPLOY, services[name]!.build!.context, services[name]!.build!.dockerfile), path.join(DEPLOY, "Dockerfile"));
    }
    assert.ok(services.redis && services.prometheus && services.grafana);
    const dataVolume = (name: string) => services[name]!.volumes?.find((v) => v.endsWith(":/data"));
    assert.ok(dataVolume("coach-a"));
    assert.equal(dataVolume("coach-b"), dataVolume("coach-a"), "both instances read and write one users/ folder, so practice does not depend on which answers");
    // Every file compose mounts from deploy/ exists.
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) if (volume.startsWith("./")) assert.ok(existsSync(path.join(DEPLOY, volume.split(":")[0]!)), volume);
    }
    const prometheus = yaml<PrometheusConfig>("prometheus.yml");
    const job = prometheus.scrape_configs.find((c) => c.job_name === "interview-coach")!;
    assert.equal(job.metrics_path, "/metrics");
    assert.deepEqual(job.static_configs.flatMap((c) => c.targets).sort(), [`coach-a:${port}`, `coach-b:${port}`]);
    for (const file of prometheus.rule_files) assert.ok(existsSync(path.join(DEPLOY, file)), file);

    const datasource = yaml<{ datasources: { uid: string; url: string }[] }>("grafana/provisioning/datasources/prometheus.yml").datasources[0]!;
    assert.equal(new URL(datasource.url).hostname, "prometheus");
    const dashboard = JSON.parse(read("grafana/dashboards/interview-coach.json")) as Dashboard;
    for (const panel of dashboard.panels.filter((p) => p.type !== "row")) {
      assert.equal(panel.datasource?.uid, datasource.uid, panel.title);
      assert.ok(panel.targets?.length, `${panel.title} has a query`);
    }
  });

  it("every metric the dashboard and the alerts query is one the server exposes, with the labels they match and group on", () => {
    const series = new Map([...exposedSeries(exposition), ...PROMETHEUS_SERIES]);
    const problems: string[] = [];
    const all = queries();
    assert.ok(all.length >= 20, `only ${all.length} queries found`);
    for (const { where, expr } of all) {
      const parsed = parsePromql(expr);
      problems.push(...parsed.errors.map((e) => `${where}: ${e}`));
      const labelsHere = new Set(TARGET_LABELS);
      for (const { metric, labels } of parsed.selectors) {
        const known = series.get(metric);
        if (!known) {
          problems.push(`${where}: ${metric || "(no metric name)"} is not exposed by /metrics`);
          continue;
        }
        for (const label of known) labelsHere.add(label);
        for (const label of labels) if (!known.has(label) && !TARGET_LABELS.includes(label)) problems.push(`${where}: ${metric} has no label "${label}"`);
      }
      for (const label of parsed.grouping) if (!labelsHere.has(label)) problems.push(`${where}: groups by "${label}", which none of its series carries`);
    }
    assert.deepEqual(problems, []);
    // The figures the issue asks the dashboard for, each present.
    const metrics = new Set(all.flatMap((q) => parsePromql(q.expr).selectors.map((s) => s.metric)));
    for (const metric of [
      "http_request_duration_seconds_bucket",
      "http_request_duration_seconds_count",
      "mcp_tool_call_duration_seconds_bucket",
      "websocket_connections",
      "sync_events_total",
      "outbox_deliveries_total",
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
    ]) {
      assert.ok(metrics.has(metric), `the dashboard plots ${metric}`);
    }
  });

  it("the image gets every file the server reads beside its bundle, and the licence file the bundle names", () => {
    const dockerfile = read("Dockerfile");
    const copy = /^COPY --from=build (.+) \.\/dist\/$/m.exec(dockerfile);
    assert.ok(copy, "one COPY --from=build … ./dist/ line");
    const copied = copy[1]!.split(/\s+/).map((source) => {
      assert.ok(source.startsWith("/src/dist/"), source);
      return source.slice("/src/dist/".length);
    });
    // The build stage's dist/ is what `npm run build` makes here: each source exists.
    for (const file of copied) assert.ok(existsSync(path.join(DIST, file)), `dist/${file} (run npm run build first)`);
    // The CMD's bundle, the HTTP bundle it imports, SQLite's WebAssembly, the sample twin and the MCP Apps page.
    for (const file of ["mcp-server.js", "http-server.js", "node-sqlite3-wasm.wasm", "sample-twin.md", "coach-app.html"])
      assert.ok(copied.includes(file), file);
    // esbuild's "linked" legal comments leave a pointer to FILE.LEGAL.txt in the bundle: ship the file with it.
    for (const bundle of copied.filter((f) => f.endsWith(".js"))) {
      for (const [name] of readFileSync(path.join(DIST, bundle), "utf8").matchAll(/[\w.-]+\.LEGAL\.txt/g)) {
        assert.ok(copied.includes(name), `${bundle} refers to ${name}, which the image lacks`);
      }
    }
  });

  it("the build context leaves out the host's node_modules, dist and .git, and npm ci has what postinstall needs", () => {
    // BuildKit and Podman read <Dockerfile>.dockerignore beside the Dockerfile given with -f.
    const ignored = read("Dockerfile.dockerignore")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
    // `COPY . .` after `npm ci` would otherwise put the host's node_modules (another platform's esbuild) over the stage's own.
    for (const pattern of ["**/node_modules", "dist", ".git"]) assert.ok(ignored.includes(pattern), pattern);
    const dockerfile = read("Dockerfile");
    const scripts = (JSON.parse(readFileSync(path.join(DEPLOY, "../package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts.postinstall, "patch-package");
    assert.ok(dockerfile.indexOf("COPY patches ./patches") < dockerfile.indexOf("RUN npm ci"), "patches/ is in place before npm ci runs postinstall");
  });

  it("compose waits on health only for services that have a health check", () => {
    const { services } = yaml<Compose>("docker-compose.yml");
    for (const [name, service] of Object.entries(services)) {
      if (!service.depends_on || Array.isArray(service.depends_on)) continue;
      for (const [dependency, { condition }] of Object.entries(service.depends_on)) {
        assert.ok(services[dependency], `${name} depends on ${dependency}, which is not a service`);
        if (condition === "service_healthy")
          assert.ok(services[dependency].healthcheck, `${name} waits for ${dependency} to be healthy, which has no healthcheck`);
      }
    }
  });

  it('the 5xx ratio reads 0, not "No data", while nothing fails (promtool test rules)', function () {
    if (spawnSync("promtool", ["--version"]).error) this.skip();
    const dashboard = JSON.parse(read("grafana/dashboards/interview-coach.json")) as Dashboard;
    const expr = dashboard.panels
      .find((p) => p.title === "5xx ratio")!
      .targets![0]!.expr.replaceAll("$__rate_interval", "1m")
      .replaceAll("$instance", ".*");
    const series = (status: number, perStep: number) => ({
      series: `http_request_duration_seconds_count{job="interview-coach", instance="coach-a:8080", method="GET", route="/v1/projects", status="${status}"}`,
      values: `0+${perStep}x20`,
    });
    const scratch = mkdtempSync(path.join(os.tmpdir(), "coach-promtool-"));
    try {
      writeFileSync(path.join(scratch, "rules.yml"), YAML.stringify({ groups: [{ name: "dashboard", rules: [{ record: "dashboard:ratio_5xx", expr }] }] }));
      const check = (input: object[], value: number) => ({
        interval: "15s",
        input_series: input,
        promql_expr_test: [{ expr: "dashboard:ratio_5xx", eval_time: "3m", exp_samples: [{ labels: "dashboard:ratio_5xx", value }] }],
      });
      const tests = {
        rule_files: ["rules.yml"],
        evaluation_interval: "15s",
        tests: [check([series(200, 10)], 0), check([series(200, 9), series(500, 1)], 0.1)],
      };
      writeFileSync(path.join(scratch, "test.yml"), YAML.stringify(tests));
      execFileSync("promtool", ["test", "rules", path.join(scratch, "test.yml")], { stdio: "pipe" });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
      assert.fail(`promtool test rules failed:\n${stdout?.toString() ?? ""}${stderr?.toString() ?? String(error)}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("promtool accepts the Prometheus config, its alert rules and every dashboard query (Debian's prometheus package)", function () {
    if (spawnSync("promtool", ["--version"]).error) this.skip();
    const scratch = mkdtempSync(path.join(os.tmpdir(), "coach-promtool-"));
    try {
      execFileSync("promtool", ["check", "config", path.join(DEPLOY, "prometheus.yml")], { stdio: "pipe" });
      // Recording rules put each query through Prometheus's full parser, type checks included.
      const rules = { groups: [{ name: "dashboard", rules: queries().map((q, i) => ({ record: `dashboard:query_${i}`, expr: q.expr })) }] };
      writeFileSync(path.join(scratch, "dashboard-rules.yml"), YAML.stringify(rules));
      execFileSync("promtool", ["check", "rules", path.join(scratch, "dashboard-rules.yml")], { stdio: "pipe" });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
      assert.fail(`promtool refused it:\n${stdout?.toString() ?? ""}${stderr?.toString() ?? String(error)}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

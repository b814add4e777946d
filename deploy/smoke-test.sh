#!/usr/bin/env bash
# Smoke test of the container and the compose stack, run by hand on a machine with Docker, curl and
# Node (to read the image's health check). Not part of `npm test`, which needs no container engine.
#
#   deploy/smoke-test.sh image [IMAGE]   runs IMAGE (default interview-coach; build it first as the
#                                        README says): key, probes, auth, uid 1000, health check,
#                                        SIGTERM exits 0, and prints the image size
#   deploy/smoke-test.sh compose         `up -d --build` on deploy/docker-compose.yml: both instances
#                                        ready, a project written on one read on the other (one Redis),
#                                        Prometheus scraping both, Grafana serving the dashboard;
#                                        then `down -v`. Uses 127.0.0.1:8081, 8082, 9090 and 3000.
#
# Environment: DOCKER (default docker), COMPOSE (default "$DOCKER compose"), COMPOSE_FILE (default
# deploy/docker-compose.yml), PORT for the image test (default 18080). The compose test generates
# COACH_JWT_SECRET and GRAFANA_ADMIN_PASSWORD unless they are set.
set -euo pipefail
cd "$(dirname "$0")/.."

DOCKER=${DOCKER:-docker}
read -r -a COMPOSE <<<"${COMPOSE:-$DOCKER compose}"
failures=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
check() { # check DESCRIPTION EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then ok "$1"; else fail "$1: expected $2, got $3"; fi
}
status() { curl -s -o /dev/null -w '%{http_code}' "$@" || true; }
wait_for() { # wait_for URL SECONDS: until it answers 200
  local deadline=$((SECONDS + $2))
  until [[ "$(status "$1")" == 200 ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

image_test() {
  local image=${1:-interview-coach} port=${PORT:-18080}
  local base="http://127.0.0.1:$port"
  # Global: the EXIT trap runs after this function has returned.
  name="coach-smoke-$$" volume="coach-smoke-$$"
  # shellcheck disable=SC2317 # called by the trap
  cleanup() { "$DOCKER" rm -f "$name" >/dev/null 2>&1 || true; "$DOCKER" volume rm "$volume" >/dev/null 2>&1 || true; }
  trap cleanup EXIT

  "$DOCKER" run -d --name "$name" -p "127.0.0.1:$port:8080" -v "$volume:/data" \
    -e COACH_JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')" "$image" >/dev/null
  if wait_for "$base/livez" 30; then ok "/livez answers 200"; else fail "/livez did not answer 200 within 30 s"; "$DOCKER" logs "$name" | tail -20; return; fi

  # The key command the Dockerfile documents, on the same volume while the server runs.
  local key
  key=$("$DOCKER" run --rm -v "$volume:/data" "$image" node dist/mcp-server.js keys create --user smoke --scope project:read --scope project:write --data-dir /data 2>/dev/null)
  if [[ "$key" == ick_* ]]; then ok "keys create printed a key"; else fail "keys create printed '$key'"; fi

  check "/readyz" 200 "$(status "$base/readyz")"
  check "/v1/projects without a credential" 401 "$(status "$base/v1/projects")"
  check "PUT /v1/projects/smoke with the key" 200 "$(status -X PUT -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -H 'Idempotency-Key: smoke-1' -d '{"name":"Smoke"}' "$base/v1/projects/smoke")"
  check "GET /v1/projects/smoke with the key" 200 "$(status -H "Authorization: Bearer $key" "$base/v1/projects/smoke")"
  check "/metrics" 200 "$(status "$base/metrics")"

  check "the server runs as uid" 1000 "$("$DOCKER" exec "$name" sh -c 'id -u')"
  # The image's own HEALTHCHECK command, run inside the container.
  local test_json
  test_json=$("$DOCKER" image inspect "$image" --format '{{json .Config.Healthcheck.Test}}')
  local -a health=()
  mapfile -t health < <(node -e 'const t = JSON.parse(process.argv[1]); if (t[0] !== "CMD") process.exit(1); for (const a of t.slice(1)) console.log(a)' "$test_json")
  if ((${#health[@]})) && "$DOCKER" exec "$name" "${health[@]}"; then ok "the HEALTHCHECK command exits 0"; else fail "the HEALTHCHECK command ($test_json) failed"; fi

  local started=$SECONDS
  "$DOCKER" stop -t 15 "$name" >/dev/null
  check "exit code after SIGTERM (docker stop)" 0 "$("$DOCKER" inspect "$name" --format '{{.State.ExitCode}}')"
  if ((SECONDS - started < 12)); then ok "stopped in $((SECONDS - started)) s, before the 15 s kill"; else fail "stop took $((SECONDS - started)) s: SIGTERM was not answered"; fi
  if "$DOCKER" logs "$name" 2>&1 | grep -q '"msg":"stopped"'; then ok "logged a clean stop"; else fail "no \"stopped\" line in the log"; fi

  echo "image size: $("$DOCKER" image inspect "$image" --format '{{.Size}}') bytes"
  "$DOCKER" run --rm --entrypoint ls "$image" -l /app/dist
}

compose_test() {
  export COACH_JWT_SECRET=${COACH_JWT_SECRET:-$(head -c 48 /dev/urandom | base64 | tr -d '\n')}
  export GRAFANA_ADMIN_PASSWORD=${GRAFANA_ADMIN_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '\n/+')}
  export COMPOSE_FILE=${COMPOSE_FILE:-deploy/docker-compose.yml}
  # Global: the EXIT trap runs after this function has returned.
  compose=("${COMPOSE[@]}")
  # shellcheck disable=SC2317 # called by the trap
  cleanup() { "${compose[@]}" down -v >/dev/null 2>&1 || true; }
  trap cleanup EXIT

  "${compose[@]}" up -d --build
  for url in http://127.0.0.1:8081/readyz http://127.0.0.1:8082/readyz; do
    if wait_for "$url" 90; then ok "$url"; else fail "$url not ready within 90 s"; fi
  done
  local key
  key=$("${compose[@]}" exec -T coach-a node dist/mcp-server.js keys create --user smoke --scope project:read --scope project:write --redis redis://redis:6379 2>/dev/null)
  if [[ "$key" == ick_* ]]; then ok "keys create (on Redis) printed a key"; else fail "keys create printed '$key'"; fi
  check "PUT a project on coach-a" 200 "$(status -X PUT -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -H 'Idempotency-Key: smoke-1' -d '{"name":"Smoke"}' http://127.0.0.1:8081/v1/projects/smoke)"
  check "GET it on coach-b (same key, same Redis)" 200 "$(status -H "Authorization: Bearer $key" http://127.0.0.1:8082/v1/projects/smoke)"

  # Prometheus scrapes every 15 s: wait for both targets to be up.
  local deadline=$((SECONDS + 60)) up=""
  while ((SECONDS < deadline)); do
    up=$(curl -s http://127.0.0.1:9090/api/v1/targets | grep -o '"health":"up"' | wc -l || true)
    [[ "$up" -ge 2 ]] && break
    sleep 3
  done
  check "Prometheus targets up" 2 "$up"
  if curl -s http://127.0.0.1:9090/api/v1/rules | grep -q CoachInstanceDown; then ok "Prometheus loaded alerts.yml"; else fail "Prometheus has no CoachInstanceDown rule"; fi

  if wait_for http://127.0.0.1:3000/api/health 90; then ok "Grafana /api/health"; else fail "Grafana not healthy within 90 s"; fi
  check "Grafana's provisioned dashboard" 200 "$(status -u "admin:$GRAFANA_ADMIN_PASSWORD" http://127.0.0.1:3000/api/dashboards/uid/interview-coach)"
  if curl -s -u "admin:$GRAFANA_ADMIN_PASSWORD" http://127.0.0.1:3000/api/datasources/uid/prometheus/health | grep -q '"status":"OK"'; then ok "Grafana reaches Prometheus"; else fail "Grafana's Prometheus data source is not OK"; fi

  local started=$SECONDS
  "${compose[@]}" stop coach-a >/dev/null 2>&1
  check "coach-a exit code after compose stop" 0 "$("$DOCKER" inspect "$("${compose[@]}" ps -a -q coach-a)" --format '{{.State.ExitCode}}')"
  if ((SECONDS - started < 12)); then ok "coach-a stopped in $((SECONDS - started)) s"; else fail "coach-a took $((SECONDS - started)) s to stop"; fi
}

case "${1:-}" in
  image) image_test "${2:-}" ;;
  compose) compose_test ;;
  *) echo "usage: $0 image [IMAGE] | compose" >&2; exit 2 ;;
esac
echo "$failures failed"
((failures == 0))

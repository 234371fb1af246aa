#!/usr/bin/env bash
# The order flow on one machine: the local broker (with embedded Kafka) and the five functions, as processes this
# script starts, tracks by pid and stops. Run `scripts/run.sh help` for the commands.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly RUN_DIR="${ORDERFLOW_RUN_DIR:-$ROOT/.run}"
readonly PID_DIR="$RUN_DIR/pids"
readonly LOG_DIR="$RUN_DIR/logs"
readonly JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"
readonly JAVA_OPTS="${ORDERFLOW_JAVA_OPTS:--XX:+UseSerialGC}"
readonly FUNCTION_OPTS="${ORDERFLOW_FUNCTION_OPTS:--Xmx96m -XX:TrimNativeHeapInterval=5000}"
# Java 25 runs the functions from an AOT cache; without it, Java 17 from an AppCDS archive (docs/benchmarks.md).
JAVA25_HOME="${ORDERFLOW_JAVA25_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1 || true)}"
readonly JAVA25_HOME
readonly READY_TIMEOUT="${ORDERFLOW_READY_TIMEOUT:-90}"
readonly ORDER_TIMEOUT="${ORDERFLOW_ORDER_TIMEOUT:-30}"
readonly BROKER_PORT=8080
readonly NAMESPACE=orderflow
readonly BROKER=orders
readonly BROKER_URL="${ORDERFLOW_BROKER_URL:-http://127.0.0.1:$BROKER_PORT/$NAMESPACE/$BROKER}"
readonly FUNCTIONS=(order-validator payment inventory shipping order-notifier)
readonly OUTCOMES=(completed rejected declined insufficient-funds out-of-stock)
# Present while the functions run as containers (up --containers) rather than as JVMs.
readonly CONTAINERS_MODE="$RUN_DIR/containers"

usage() {
  cat <<EOF
usage: scripts/run.sh <command> [arguments]

  up [--scale-to-zero] [--containers]
                          build what is missing, start the local broker (embedded Kafka) and the five functions,
                          wait until all are ready and print where each listens; with --scale-to-zero the broker
                          starts each function on its first event and stops it after ORDERFLOW_IDLE_SECONDS idle;
                          with --containers the functions run from their images (podman), as their Knative
                          Services say: user, read-only root filesystem, capabilities, resources, environment
  down                    stop everything this script started
  status                  which components run, their pid, port and readiness
  logs [component] [-f]   the last lines of each log, or follow one component's log
  order [outcome]         post a sample order to the broker with curl and print its event chain, timings and
                          trace id; outcome: ${OUTCOMES[*]} (default completed)
  dev <function>          run one function under quarkus dev (live reload) in the foreground, the rest from jars
  manifests               regenerate knative/400-<function>-service.yaml from each function's Quarkus configuration
  images [--push]         build the five images with Jib, each with the AOT cache its JVM recorded while the
                          function's tests ran against it in a container; --push pushes them to ORDERFLOW_REGISTRY
  base-image              build a stand-in for the base image (Debian and this machine's Temurin 25) where Docker
                          Hub cannot be reached, and print the ORDERFLOW_BASE_IMAGE that uses it
  bench <benchmark> [opt] run the benchmarks: cold-start, throughput, e2e or all; options --smoke (a few seconds
                          each), --out DIR (default tests/target/bench), --functions a,b, --runs N; prints tables,
                          writes CSV and a chart, each figure beside its baseline measured in the same run
                          (docs/benchmarks.md); builds what is missing, uses free ports only

  deploy [--dry-run]      create the flow on a Knative cluster with kn: the broker (class Kafka) and its config,
                          the five services (same scale settings as knative/), the triggers; --dry-run prints the
                          exact commands and contacts no cluster
  undeploy [--dry-run]    delete what deploy created
  cluster-status          the broker, services and triggers as kn sees them
  send [outcome]          post a sample order to the cluster broker's ingress (through kubectl port-forward unless
                          ORDERFLOW_CLUSTER_BROKER_URL is set) and print the answer; when the broker has an OIDC
                          audience, with a token of the shop service account (kubectl create token)
  redrive [--type T]... [--subject S]... [--since TIME] [--until TIME] [--dry-run]
                          post the dead-lettered events back into the local broker, without their knativeerror*
                          extensions, and print each; TIME an instant or a time ago (10m, 2h)
  redrive --cluster [--dry-run]
                          the same on a cluster: a one-shot KafkaSource from the dead-letter topic to the broker
  help                    this text

components: broker ${FUNCTIONS[*]}
environment: ORDERFLOW_RUN_DIR (default .run: pids, logs, Kafka data), ORDERFLOW_JAVA_OPTS (every JVM),
             ORDERFLOW_FUNCTION_OPTS (the functions' JVMs, default -Xmx96m -XX:TrimNativeHeapInterval=5000),
             ORDERFLOW_PACKAGING (aot, appcds or plain; default aot when Java 25 is found, else appcds),
             ORDERFLOW_JAVA25_HOME,
             ORDERFLOW_READY_TIMEOUT (s, default 90), ORDERFLOW_ORDER_TIMEOUT (s, default 30),
             ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS (an external Kafka instead of the embedded one),
             ORDERFLOW_BROKER_URL (the ingress order and redrive post to; default the local broker's),
             ORDERFLOW_REGISTRY and ORDERFLOW_TAG (the images: built, run and deployed as
               <registry>/orderflow/<function>:<tag>; default localhost and the tag of knative/),
             ORDERFLOW_BASE_IMAGE (default docker.io/library/eclipse-temurin:25-jre),
             ORDERFLOW_CONTAINER_CLI (default podman), ORDERFLOW_CACHE_DIR (default ~/.cache/orderflow),
             ORDERFLOW_CLUSTER_BROKER_URL (the cluster broker's ingress, for send),
             ORDERFLOW_CLUSTER_TOKEN (the bearer token send presents, instead of asking kubectl for one),
             ORDERFLOW_IDLE_SECONDS (scale to zero: how long an idle function keeps running, default 30)
EOF
}

die() {
  echo "run.sh: $*" >&2
  exit 1
}

# shellcheck source=scripts/lib/containers.sh
source "$ROOT/scripts/lib/containers.sh"

port_of() {
  case "$1" in
    broker) echo "$BROKER_PORT" ;;
    order-validator) echo 8081 ;;
    payment) echo 8082 ;;
    inventory) echo 8083 ;;
    shipping) echo 8084 ;;
    order-notifier) echo 8085 ;;
    *) die "unknown component '$1' (components: broker ${FUNCTIONS[*]})" ;;
  esac
}

jar_of() {
  if [ "$1" = broker ]; then
    echo "$ROOT/eventing/local-broker/target/quarkus-app/quarkus-run.jar"
  else
    echo "$ROOT/functions/$1/target/quarkus-app/quarkus-run.jar"
  fi
}

pid_of() {
  local file="$PID_DIR/$1.pid"
  [ -f "$file" ] || return 1
  local pid
  pid="$(cat "$file")"
  kill -0 "$pid" 2>/dev/null || return 1
  # A stale pid file may name a number the system has given to another process since: it must be this component's.
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -e "-Dorderflow.component=$1 " -e "--name=orderflow-$1 " || return 1
  fi
  echo "$pid"
}

is_ready() {
  curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$(port_of "$1")/q/health/ready"
}

build_if_missing() {
  local missing=0 component
  for component in broker "${FUNCTIONS[@]}"; do
    [ -f "$(jar_of "$component")" ] || missing=1
  done
  if [ "$missing" = 1 ]; then
    echo "building (first run): ./mvnw -B -q install -DskipTests"
    (cd "$ROOT" && ./mvnw -B -q install -DskipTests)
  fi
}

# How the functions start: aot (Java 25 AOT cache), appcds (Java 17 AppCDS archive) or plain.
packaging() {
  local chosen="${ORDERFLOW_PACKAGING:-auto}"
  if [ "$chosen" = auto ]; then
    if [ -n "$JAVA25_HOME" ] && [ -x "$JAVA25_HOME/bin/java" ]; then chosen=aot; else chosen=appcds; fi
  fi
  echo "$chosen"
}

archive_of() {
  local app
  app="$(dirname "$(jar_of "$1")")"
  case "$(packaging)" in
    aot) echo "$app/app.aot" ;;
    appcds) echo "$app/app.jsa" ;;
    *) echo "" ;;
  esac
}

# An archive is only valid for the jars it was made from: older than the jar means stale.
archive_fresh() {
  local archive
  archive="$(archive_of "$1")"
  [ -z "$archive" ] || { [ -f "$archive" ] && [ "$archive" -nt "$(jar_of "$1")" ]; }
}

# The JVM and options a component starts with; mode "train" records the archive the next start uses.
launch_command() {
  local component="$1" mode="$2"
  if [ "$component" = broker ]; then
    local activator=""
    [ "$mode" = scale-to-zero ] && activator="-Dquarkus.config.locations=$RUN_DIR/activator.properties"
    echo "$JAVA_BIN $JAVA_OPTS -Dorderflow.component=broker -Dorderflow.kafka.data-dir=$RUN_DIR/kafka -Dorderflow.broker.manifests=$ROOT/eventing $activator -jar quarkus-run.jar"
    return 0
  fi
  if [ -f "$CONTAINERS_MODE" ]; then
    container_command "$component"
    return 0
  fi
  local archive opts="$JAVA_OPTS $FUNCTION_OPTS -Dorderflow.component=$component"
  archive="$(basename "$(archive_of "$component")")"
  case "$(packaging):$mode" in
    aot:train) echo "$JAVA25_HOME/bin/java $opts -XX:AOTCacheOutput=$archive -jar quarkus-run.jar" ;;
    aot:run) echo "$JAVA25_HOME/bin/java $opts -XX:AOTCache=$archive -jar quarkus-run.jar" ;;
    appcds:train) echo "$JAVA_BIN $opts -XX:ArchiveClassesAtExit=$archive -jar quarkus-run.jar" ;;
    appcds:run) echo "$JAVA_BIN $opts -XX:SharedArchiveFile=$archive -Xshare:auto -jar quarkus-run.jar" ;;
    *) echo "$JAVA_BIN $opts -jar quarkus-run.jar" ;;
  esac
}

start() {
  local component="$1" mode="${2:-run}"
  if pid_of "$component" >/dev/null; then
    return 0
  fi
  # A container whose podman was killed outlives it: it goes before its successor takes the name and port.
  [ ! -f "$CONTAINERS_MODE" ] || [ "$component" = broker ] || remove_containers "$component"
  local port
  port="$(port_of "$component")"
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    die "port $port is taken by a process this script did not start: stop it, or run 'scripts/run.sh down'"
  fi
  mkdir -p "$PID_DIR" "$LOG_DIR"
  local command
  command="$(launch_command "$component" "$mode")"
  # Run from the application's directory: an archive holds the class path as the JVM saw it.
  # shellcheck disable=SC2086
  (cd "$(dirname "$(jar_of "$component")")" && exec nohup $command >>"$LOG_DIR/$component.log" 2>&1 </dev/null) &
  echo $! >"$PID_DIR/$component.pid"
}

# Waits until the component answers its readiness probe; fails (1) when its process exits first.
await_ready() {
  local component="$1" waited=0
  until is_ready "$component"; do
    pid_of "$component" >/dev/null || return 1
    if [ "$waited" -ge "$((READY_TIMEOUT * 5))" ]; then
      die "$component is not ready after ${READY_TIMEOUT}s (log: $LOG_DIR/$component.log)"
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
}

# Starts the component unless it runs and waits until it is ready. One that exits first is started again, twice at
# most: a process killed a moment ago may still have been found alive, and its successor may find its port or Kafka's
# lock held while the dead one's resources are let go.
start_ready() {
  local component="$1" mode="${2:-run}" attempt
  for attempt in 1 2 3; do
    start "$component" "$mode"
    await_ready "$component" && return 0
    [ "$attempt" = 3 ] || echo "$component exited before it was ready: starting it again" >&2
  done
  tail -n 30 "$LOG_DIR/$component.log" >&2 || true
  die "$component exited before it was ready, three times (log: $LOG_DIR/$component.log)"
}

stop() {
  local component="$1" grace="${2:-100}" pid
  pid="$(pid_of "$component")" || { rm -f "$PID_DIR/$component.pid"; return 0; }
  kill "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$grace" ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_DIR/$component.pid"
  [ ! -f "$CONTAINERS_MODE" ] || [ "$component" = broker ] || remove_containers "$component"
  echo "stopped $component (pid $pid)"
}

# First run after a build: the functions run a few orders of every outcome with the archive being recorded, then
# stop, which writes it; from then on they start from it.
train_archives() {
  local f stale=()
  for f in "${FUNCTIONS[@]}"; do
    archive_fresh "$f" || stale+=("$f")
  done
  [ ${#stale[@]} -gt 0 ] || return 0
  echo "recording the startup archives ($(packaging)) of ${stale[*]}: once after each build, about 30 s"
  for f in "${stale[@]}"; do
    rm -f "$(archive_of "$f")"
    start "$f" train
  done
  for f in "${FUNCTIONS[@]}"; do
    start "$f"
    await_ready "$f" || start_ready "$f"
  done
  local outcome round
  for round in 1 2; do
    for outcome in "${OUTCOMES[@]}"; do
      cmd_order "$outcome" >/dev/null
    done
  done
  for f in "${stale[@]}"; do
    stop "$f" 600 >/dev/null
    archive_fresh "$f" || echo "warning: no archive for $f ($LOG_DIR/$f.log); it starts without one" >&2
  done
}

cmd_up() {
  local scale_to_zero=0 containers=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --scale-to-zero) scale_to_zero=1 ;;
      --containers) containers=1 ;;
      *) die "unknown option '$1' (up [--scale-to-zero] [--containers])" ;;
    esac
    shift
  done
  command -v curl >/dev/null || die "curl is required"
  local now=0
  [ ! -f "$CONTAINERS_MODE" ] || now=1
  if [ "$now" != "$containers" ] && running_functions; then
    die "the functions already run as $(functions_as): 'scripts/run.sh down' first"
  fi
  build_if_missing
  if [ "$containers" = 1 ]; then
    require_containers
    build_images_if_missing
    mkdir -p "$RUN_DIR"
    touch "$CONTAINERS_MODE"
  fi
  local f mode=run
  [ "$scale_to_zero" = 0 ] || mode=scale-to-zero
  # A broker that runs the other way (with or without the activator) is started again the way asked.
  if [ "$(broker_mode)" != "$mode" ]; then stop broker >/dev/null; fi
  if [ "$containers" = 0 ] && ! archives_fresh; then
    # The startup archives are recorded on a running flow, once after a build.
    start_ready broker
    train_archives
    if [ "$mode" = scale-to-zero ]; then
      for f in "${FUNCTIONS[@]}"; do
        stop "$f" 600 >/dev/null
      done
      stop broker >/dev/null
    fi
  fi
  if [ "$mode" = scale-to-zero ]; then
    # The broker itself starts and stops the functions from here on (as Knative's activator and autoscaler do).
    write_activator_config
    start_ready broker scale-to-zero
    echo "the order flow is up, scaled to zero: each function starts on its first event and stops after" \
      "${ORDERFLOW_IDLE_SECONDS:-30} s idle (functions: $(functions_as))"
  else
    start_ready broker
    for f in "${FUNCTIONS[@]}"; do
      start "$f"
    done
    for f in "${FUNCTIONS[@]}"; do
      await_ready "$f" || start_ready "$f"
    done
    echo "the order flow is up (functions: $(functions_as)):"
  fi
  cmd_status
  echo "post events to $BROKER_URL; read an order's events at $BROKER_URL/events?subject=<order id>"
}

# How the running broker runs: "scale-to-zero" with the activator, "run" without, "" when it does not run.
broker_mode() {
  local pid
  pid="$(pid_of broker)" || return 0
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "activator.properties"; then
    echo scale-to-zero
  else
    echo run
  fi
}

archives_fresh() {
  local f
  for f in "${FUNCTIONS[@]}"; do
    archive_fresh "$f" || return 1
  done
}

running_functions() {
  local f
  for f in "${FUNCTIONS[@]}"; do
    pid_of "$f" >/dev/null && return 0
  done
  return 1
}

# How the functions run: containers of their images, or JVMs of one packaging.
functions_as() {
  if [ -f "$CONTAINERS_MODE" ]; then echo "containers, $CONTAINER_CLI"; else packaging; fi
}

# How the broker starts each function in scale-to-zero mode: the same command and directory as run.sh uses.
write_activator_config() {
  local f file="$RUN_DIR/activator.properties"
  {
    echo "orderflow.broker.activator.enabled=true"
    echo "orderflow.broker.activator.idle-window=PT${ORDERFLOW_IDLE_SECONDS:-30}S"
    echo "orderflow.broker.activator.pid-dir=$PID_DIR"
    echo "orderflow.broker.activator.log-dir=$LOG_DIR"
    for f in "${FUNCTIONS[@]}"; do
      echo "orderflow.broker.activator.services.$f.command=$(launch_command "$f" run)"
      echo "orderflow.broker.activator.services.$f.directory=$(dirname "$(jar_of "$f")")"
    done
  } >"$file"
}

cmd_down() {
  local f
  for f in "${FUNCTIONS[@]}" broker; do
    stop "$f"
  done
  if [ -f "$CONTAINERS_MODE" ]; then
    remove_containers
    rm -f "$CONTAINERS_MODE"
  fi
  rm -f "$RUN_DIR/activator.properties"
}

cmd_status() {
  local component pid state
  printf '%-16s %-8s %-6s %s\n' component pid port state
  for component in broker "${FUNCTIONS[@]}"; do
    if pid="$(pid_of "$component")"; then
      if is_ready "$component"; then state=ready; else state=starting; fi
    elif is_ready "$component"; then
      pid=-
      state="ready (not started by run.sh: quarkus dev?)"
    elif [ "$component" != broker ] && [ -f "$RUN_DIR/activator.properties" ] && pid_of broker >/dev/null; then
      pid=-
      state="scaled to zero (starts on its next event)"
    else
      pid=-
      state=stopped
    fi
    printf '%-16s %-8s %-6s %s\n' "$component" "$pid" "$(port_of "$component")" "$state"
  done
}

cmd_logs() {
  local component="${1:-}" follow="${2:-}"
  if [ -z "$component" ]; then
    local f
    for f in broker "${FUNCTIONS[@]}"; do
      [ -f "$LOG_DIR/$f.log" ] || continue
      echo "==> $f <=="
      tail -n 15 "$LOG_DIR/$f.log"
    done
    return 0
  fi
  port_of "$component" >/dev/null
  [ -f "$LOG_DIR/$component.log" ] || die "no log for $component yet"
  if [ "$follow" = "-f" ]; then
    exec tail -n 50 -f "$LOG_DIR/$component.log"
  fi
  tail -n 50 "$LOG_DIR/$component.log"
}

hex() {
  od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}

# The data of an order.placed that ends in the given outcome with the default configuration (see the README).
order_data() {
  local order_id="$1" outcome="$2" token=tok_visa_4242 sku=SKU-1 quantity=2 currency=EUR country=DE
  case "$outcome" in
    completed) ;;
    rejected) currency=JPY country=XX ;;
    declined) token=tok_declined ;;
    insufficient-funds) quantity=60 ;;
    out-of-stock) sku=SOLD-OUT ;;
    *) die "unknown outcome '$outcome' (outcomes: ${OUTCOMES[*]})" ;;
  esac
  cat <<EOF
{"orderId":"$order_id","customerId":"customer-7","currency":"$currency",
 "lines":[{"sku":"$sku","quantity":$quantity,"unitPrice":19.99},{"sku":"SKU-2","quantity":1,"unitPrice":5.50}],
 "payment":{"method":"card","token":"$token"},
 "shippingAddress":{"name":"Ada Lovelace","street":"Unter den Linden 1","city":"Berlin","postalCode":"10117","country":"$country"}}
EOF
}

cmd_order() {
  local outcome="${1:-completed}"
  local order_id="order-$(hex 4)"
  local trace_id
  trace_id="$(hex 16)"
  local data
  data="$(order_data "$order_id" "$outcome")"
  echo "posting order $order_id (expected outcome: $outcome) to $BROKER_URL"
  local status
  status="$(curl -s -o "$RUN_DIR/last-order-response" -w '%{http_code}' --max-time 10 "$BROKER_URL" \
    -H 'ce-specversion: 1.0' -H "ce-id: $order_id-placed" -H 'ce-source: /orderflow/run.sh' \
    -H 'ce-type: dev.orderflow.order.placed.v1' -H "ce-subject: $order_id" -H "ce-partitionkey: $order_id" \
    -H "traceparent: 00-$trace_id-$(hex 8)-01" -H 'Content-Type: application/json' -d "$data")" || status=000
  if [ "$status" != 202 ]; then
    cat "$RUN_DIR/last-order-response" >&2 2>/dev/null || true
    die "the broker answered $status (is the flow up? scripts/run.sh status)"
  fi
  local waited=0 log=""
  while [ "$waited" -lt "$((ORDER_TIMEOUT * 10))" ]; do
    log="$(curl -s --max-time 2 "$BROKER_URL/events?subject=$order_id&format=text")" || log=""
    if grep -q '^outcome: order\.' <<<"$log"; then
      echo "$log"
      return 0
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "$log"
  die "order $order_id reached no terminal event within ${ORDER_TIMEOUT}s"
}

cmd_manifests() {
  local modules f
  modules="$(printf 'functions/%s,' "${FUNCTIONS[@]}")"
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl "${modules%,}" -am)
  for f in "${FUNCTIONS[@]}"; do
    {
      echo "# Generated by Quarkus Kubernetes from functions/$f (application.properties, src/main/kubernetes/knative.yml)"
      echo "# and the shared settings in functions/function-runtime. Do not edit: change those and run scripts/run.sh manifests."
      # Quarkus writes the probes' port as null (quarkusio/quarkus#32347): Knative probes the container's port.
      grep -v -e '^---$' -e '^ *port: null$' "$ROOT/functions/$f/target/kubernetes/knative.yml"
    } >"$ROOT/knative/400-$f-service.yaml"
    echo "knative/400-$f-service.yaml"
  done
}

# The kn commands for the manifests in eventing/ and knative/, planned by the same code that reads them for the
# local broker (dev.orderflow.broker.deploy.KnPlan), so kn and kubectl apply -k describe the same system.
kn_plan() {
  broker_tool deploy.KnPlan "$ROOT" "$@"
}

# Runs a command-line tool of the local broker's jars: kn plans, container options, redrive.
broker_tool() {
  local app="$ROOT/eventing/local-broker/target/quarkus-app" main="$1"
  shift
  [ -f "$app/quarkus-run.jar" ] || build_if_missing
  "$JAVA_BIN" -cp "$app/app/*:$app/lib/main/*" "dev.orderflow.broker.$main" "$@"
}

# Dead-lettered events back into the broker: locally from the dead-letter topic, or on a cluster through a one-shot
# KafkaSource (docs/reliability.md, "Redrive").
cmd_redrive() {
  if [ "${1:-}" != --cluster ]; then
    broker_tool redrive.RedriveCommand "$ROOT" --bootstrap-servers "${ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}" \
      --broker-url "$BROKER_URL" "$@"
    return 0
  fi
  local plan
  plan="$(broker_tool redrive.RedriveCommand "$ROOT" --cluster)"
  case "${2:-}" in
    --dry-run) echo "$plan" ;;
    "")
      require kubectl
      kubectl apply -f - <<<"$plan"
      sed -n 's/^#   \(kubectl delete .*\)$/once it has caught up: \1/p' <<<"$plan"
      ;;
    *) die "unknown option '$2' (redrive --cluster [--dry-run])" ;;
  esac
}

require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "$tool is required for this command (see the README: Deploy to Knative)"
  done
}

cmd_deploy() {
  local dry_run=0
  [ "${1:-}" = "--dry-run" ] && dry_run=1
  local registry="${ORDERFLOW_REGISTRY:-}" tag="${ORDERFLOW_TAG:-}"
  if [ -z "$registry" ]; then
    [ "$dry_run" = 1 ] || die "set ORDERFLOW_REGISTRY to the registry holding the images (e.g. quay.io/you)"
    registry=registry.example.com
  fi
  local plan
  plan="$(kn_plan deploy "$registry" "$tag")"
  if [ "$dry_run" = 1 ]; then
    echo "$plan"
    return 0
  fi
  require kn kubectl
  local line
  while IFS= read -r line; do
    echo "$line"
    case "$line" in
      '#'*) ;;
      *) (cd "$ROOT" && bash -c "set -euo pipefail; $line") ;;
    esac
  done <<<"$plan"
}

cmd_undeploy() {
  local dry_run=0
  [ "${1:-}" = "--dry-run" ] && dry_run=1
  local plan line
  plan="$(kn_plan undeploy)"
  [ "$dry_run" = 1 ] || require kn kubectl
  while IFS= read -r line; do
    echo "$line"
    [ "$dry_run" = 1 ] || (cd "$ROOT" && bash -c "$line") || true
  done <<<"$plan"
}

cmd_cluster_status() {
  require kn
  kn broker list --namespace "$NAMESPACE"
  kn service list --namespace "$NAMESPACE"
  kn trigger list --namespace "$NAMESPACE"
}

FORWARD_PID=""

stop_forward() {
  if [ -n "$FORWARD_PID" ]; then
    kill "$FORWARD_PID" 2>/dev/null || true
    FORWARD_PID=""
  fi
}

# The service account whose token send presents, allowed to post to the broker by
# eventing/oidc/103-event-policy-broker.yaml.
readonly SENDER=shop

# A token for the broker when it asks for one: with authentication-oidc on, the broker's address has an audience
# and its EventPolicy admits the shop service account only. ORDERFLOW_CLUSTER_TOKEN overrides the lookup; without
# kubectl (a broker URL given by hand) no token is sent.
broker_token() {
  if [ -n "${ORDERFLOW_CLUSTER_TOKEN:-}" ]; then
    echo "$ORDERFLOW_CLUSTER_TOKEN"
    return 0
  fi
  command -v kubectl >/dev/null 2>&1 || return 0
  local audience
  audience="$(kubectl get broker "$BROKER" --namespace "$NAMESPACE" -o 'jsonpath={.status.address.audience}' 2>/dev/null)" ||
    return 0
  [ -n "$audience" ] || return 0
  kubectl create token "$SENDER" --namespace "$NAMESPACE" --audience "$audience" --duration 10m
}

cmd_send() {
  local outcome="${1:-completed}" url="${ORDERFLOW_CLUSTER_BROKER_URL:-}"
  if [ -z "$url" ]; then
    require kubectl
    mkdir -p "$RUN_DIR"
    local port=18080
    kubectl port-forward --namespace knative-eventing svc/kafka-broker-ingress "$port:80" >"$RUN_DIR/port-forward.log" 2>&1 &
    FORWARD_PID=$!
    trap stop_forward EXIT
    local waited=0
    until curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; do
      [ "$waited" -lt 100 ] || die "kubectl port-forward to the Kafka broker ingress did not come up ($RUN_DIR/port-forward.log)"
      sleep 0.1
      waited=$((waited + 1))
    done
    url="http://127.0.0.1:$port/$NAMESPACE/$BROKER"
  fi
  local order_id="order-$(hex 4)" auth=()
  local token
  token="$(broker_token)" || die "could not get a token for the broker (kubectl create token $SENDER --namespace $NAMESPACE)"
  [ -z "$token" ] || auth=(-H "Authorization: Bearer $token")
  echo "posting order $order_id (expected outcome: $outcome) to $url${token:+ as $NAMESPACE/$SENDER}"
  curl -si --max-time 10 "$url" "${auth[@]}" \
    -H 'ce-specversion: 1.0' -H "ce-id: $order_id-placed" -H 'ce-source: /orderflow/run.sh' \
    -H 'ce-type: dev.orderflow.order.placed.v1' -H "ce-subject: $order_id" -H "ce-partitionkey: $order_id" \
    -H "traceparent: 00-$(hex 16)-$(hex 8)-01" -H 'Content-Type: application/json' \
    -d "$(order_data "$order_id" "$outcome")"
  echo
  stop_forward
  echo "follow it: kubectl get pods --namespace $NAMESPACE -w   (functions start from zero as events reach them)"
}

# The functions whose fast-jar the cold-start benchmark compares against, read from the bench's own arguments.
bench_fast_jar_functions() {
  local benchmark="${1:-}" smoke=0 list="" f
  case "$benchmark" in
    cold-start | all) ;;
    *) return 0 ;;
  esac
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      --smoke) smoke=1 ;;
      --functions) list="${2:-}" && shift ;;
    esac
    shift || true
  done
  if [ -z "$list" ]; then
    if [ "$smoke" = 1 ]; then list=order-validator; else list="$(IFS=,; echo "${FUNCTIONS[*]}")"; fi
  fi
  [ "$smoke" = 0 ] || list="${list%%,*}"
  for f in ${list//,/ }; do
    # An unknown name is left to the bench, which says which names it knows.
    case " ${FUNCTIONS[*]} " in *" $f "*) echo "$f" ;; esac
  done
}

fast_jar_of() {
  echo "$ROOT/functions/$1/target/fast-jar/quarkus-run.jar"
}

# Quarkus's default packaging of each function, built beside the aot-jar (target/fast-jar) and rebuilt when the
# function was rebuilt since.
build_fast_jars_if_missing() {
  local f modules=""
  for f in "$@"; do
    if [ ! -f "$(fast_jar_of "$f")" ] || [ "$(jar_of "$f")" -nt "$(fast_jar_of "$f")" ]; then
      modules+="functions/$f,"
    fi
  done
  [ -n "$modules" ] || return 0
  echo "building the fast-jar of ${modules%,} (the cold-start benchmark's plain row)"
  # -am builds the shared module in the same reactor: works on a clone where nothing was installed.
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl "${modules%,}" -am \
    -Dquarkus.package.jar.type=fast-jar -Dquarkus.package.output-directory=fast-jar)
}

# The benchmarks run from the tests module's classes and the class path file its build writes, without Maven.
build_bench_if_missing() {
  local classpath="$ROOT/tests/target/classpath.txt" bench="$ROOT/tests/target/classes/dev/orderflow/bench/Bench.class"
  # Any change to the sources recompiles the whole module (Bench.class too); a pom change may change the class path.
  if [ -f "$bench" ] && [ -f "$classpath" ] &&
    [ -z "$(find "$ROOT/tests/src/main" -newer "$bench" -print -quit)" ] &&
    [ -z "$(find "$ROOT/tests/pom.xml" "$ROOT/pom.xml" -newer "$classpath" -print -quit)" ]; then
    return 0
  fi
  echo "building the benchmarks: ./mvnw -B -q process-classes -pl tests"
  if ! (cd "$ROOT" && ./mvnw -B -q process-classes -pl tests); then
    # -pl tests alone resolves the other modules from the local repository: install them once.
    echo "building everything once: ./mvnw -B -q install -DskipTests"
    (cd "$ROOT" && ./mvnw -B -q install -DskipTests)
  fi
  # The compiler and the plugin leave unchanged outputs alone: mark both as built now, for the check above.
  touch "$bench" "$classpath"
}

cmd_bench() {
  case "${1:-}" in
    cold-start | throughput | e2e | all) ;;
    *) die "usage: scripts/run.sh bench <cold-start|throughput|e2e|all> [--smoke] [--out DIR] [--functions a,b] [--runs N]" ;;
  esac
  build_if_missing
  local fast=()
  read -r -a fast <<<"$(bench_fast_jar_functions "$@" | tr '\n' ' ')"
  [ ${#fast[@]} -eq 0 ] || build_fast_jars_if_missing "${fast[@]}"
  build_bench_if_missing
  cd "$ROOT"
  exec "$JAVA_BIN" -Xmx1g -Dorderflow.root="$ROOT" \
    -cp "$ROOT/tests/target/classes:$(cat "$ROOT/tests/target/classpath.txt")" dev.orderflow.bench.Bench "$@"
}

cmd_dev() {
  local function="${1:-}"
  [ -n "$function" ] || die "usage: scripts/run.sh dev <function> (functions: ${FUNCTIONS[*]})"
  [ "$function" != broker ] && port_of "$function" >/dev/null
  [ "$function" = broker ] && die "dev runs a function; the broker always runs from its jar"
  cmd_up
  # quarkus:dev on one module resolves the shared module and the parent POMs from the local repository.
  (cd "$ROOT" && ./mvnw -B -q install -DskipTests -pl functions/function-runtime,functions -am)
  stop "$function"
  echo "starting $function under quarkus dev on port $(port_of "$function"); the broker keeps routing to it"
  cd "$ROOT"
  exec ./mvnw -pl "functions/$function" quarkus:dev -Dquarkus.http.port="$(port_of "$function")"
}

main() {
  local command="${1:-help}"
  shift || true
  case "$command" in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    logs) cmd_logs "$@" ;;
    order) cmd_order "$@" ;;
    dev) cmd_dev "$@" ;;
    manifests) cmd_manifests "$@" ;;
    images) cmd_images "$@" ;;
    base-image) cmd_base_image "$@" ;;
    bench) cmd_bench "$@" ;;
    deploy) cmd_deploy "$@" ;;
    undeploy) cmd_undeploy "$@" ;;
    cluster-status) cmd_cluster_status "$@" ;;
    send) cmd_send "$@" ;;
    redrive) cmd_redrive "$@" ;;
    help | -h | --help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"

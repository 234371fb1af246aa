#!/usr/bin/env bash
# The order flow on one machine and on a cluster. The local flow's processes are started, tracked and stopped by
# tools/local-flow (dev.orderflow.local.LocalFlow); the images are built by scripts/lib/containers.sh; a deploy is
# planned by tools/manifests (dev.orderflow.deploy.KnPlan) from the very manifests kubectl applies. Run
# `scripts/run.sh help`.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly RUN_DIR="${ORDERFLOW_RUN_DIR:-$ROOT/.run}"
readonly JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVA25_HOME="${ORDERFLOW_JAVA25_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1 || true)}"
readonly JAVA25_HOME
readonly NAMESPACE=orderflow
readonly BROKER=orders

usage() {
  cat <<EOF
usage: scripts/run.sh <command> [arguments]

  up [--scale-to-zero] [--containers] [--observe]
                          build what is missing, start the local broker (embedded Kafka) and the functions, wait
                          until all are ready and print where each listens; with --scale-to-zero the broker starts
                          each function on its first event and stops it after ORDERFLOW_IDLE_SECONDS idle; with
                          --containers the functions run from their images (podman), as their Knative Services say:
                          user, read-only root filesystem, capabilities, resources, environment; with --observe a
                          Zipkin server (port 9411) collects every span and order prints the trace's URL, and
                          Prometheus (9090, Debian's package) scrapes every component
  down                    stop everything this script started
  status                  which components run, their pid, port and readiness
  logs [component] [-f]   the last lines of each log, or follow one component's log
  order [outcome]         post a sample order to the broker and print its event chain, timings and trace id;
                          outcome: completed rejected declined insufficient-funds out-of-stock (default completed)
  events <order id>       an order's events as the broker's event log holds them, with each delivery
  dev <function>          run one function under quarkus dev (live reload) in the foreground, the rest from jars
  redrive [--type T]... [--subject S]... [--since TIME] [--until TIME] [--dry-run]
                          post the dead-lettered events back into the local broker, without their knativeerror*
                          extensions, and print each; TIME an instant or a time ago (10m, 2h)
  manifests               regenerate knative/400-<function>-service.yaml from each function's Quarkus configuration,
                          and the event contract (schemas, eventing/200-eventtypes.yaml, docs/asyncapi.yaml)
  images [--push]         build the images with Jib, each with the AOT cache its JVM recorded while the function's
                          tests ran against it in a container; --push pushes them to ORDERFLOW_REGISTRY
  base-image              build a stand-in for the base image (Debian and this machine's Temurin 25) where Docker
                          Hub cannot be reached, and print the ORDERFLOW_BASE_IMAGE that uses it
  bench <benchmark> [opt] run the benchmarks: cold-start, throughput, e2e or all; options --smoke (a few seconds
                          each), --out DIR (default tests/target/bench), --functions a,b, --runs N (docs/benchmarks.md)

  deploy [--dry-run]      create the flow on a Knative cluster with kn: the broker (class Kafka) and its config, the
                          services (same scale settings as knative/), the triggers; --dry-run prints the commands
  undeploy [--dry-run]    delete what deploy created
  cluster-status          the broker, services and triggers as kn sees them
  send [outcome]          post a sample order to the cluster broker's ingress (through kubectl port-forward unless
                          ORDERFLOW_CLUSTER_BROKER_URL is set), as the shop service account where the broker asks
  redrive --cluster [--dry-run]
                          the same as redrive on a cluster: a one-shot KafkaSource from the dead-letter topic
  help                    this text

The environment each command reads: docs/configuration.md.
EOF
}

die() {
  echo "run.sh: $*" >&2
  exit 1
}

require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "$tool is required for this command (docs/deploy.md)"
  done
}

# The first command on a fresh clone builds everything once.
build_if_missing() {
  local app
  for app in eventing/local-broker/target/quarkus-app/quarkus-run.jar tools/local-flow/target/local-flow.jar \
    tools/manifests/target/manifests.jar "$ROOT"/functions/*/src/main/kubernetes; do
    case "$app" in */src/main/kubernetes) app="${app%/src/main/kubernetes}/target/quarkus-app/quarkus-run.jar" ;; esac
    if [ ! -f "$ROOT/${app#"$ROOT"/}" ]; then
      echo "building (first run): ./mvnw -B -q install -DskipTests"
      (cd "$ROOT" && ./mvnw -B -q install -DskipTests)
      return 0
    fi
  done
}

# Runs a command-line tool of tools/<module>: target/<module>.jar, its dependencies in target/lib.
tool() {
  local jar="$ROOT/tools/$1/target/$1.jar" main="$2"
  shift 2
  [ -f "$jar" ] || build_if_missing
  "$JAVA_BIN" -cp "$jar" "$main" "$@"
}

flow() {
  tool local-flow dev.orderflow.local.LocalFlow "$ROOT" "$@"
}

cmd_up() {
  build_if_missing
  if [[ " $* " == *" --containers "* ]]; then
    require_containers
    build_images_if_missing
  fi
  flow up "$@"
}

cmd_logs() {
  local component="${1:-}" log_dir="$RUN_DIR/logs" f
  if [ -z "$component" ]; then
    for f in "$log_dir"/*.log; do
      [ -f "$f" ] || continue
      echo "==> $(basename "$f" .log) <=="
      tail -n 15 "$f"
    done
    return 0
  fi
  [ -f "$log_dir/$component.log" ] || die "no log for $component yet (components: $(flow components | cut -d' ' -f1 | xargs))"
  if [ "${2:-}" = "-f" ]; then
    exec tail -n 50 -f "$log_dir/$component.log"
  fi
  tail -n 50 "$log_dir/$component.log"
}

cmd_dev() {
  local function="${1:-}" port
  build_if_missing
  port="$(flow components | awk -v f="$function" '$1 == f && f != "broker" { print $2 }')"
  [ -n "$port" ] || die "usage: scripts/run.sh dev <function> (functions: $(flow components | cut -d' ' -f1 | grep -vx broker | xargs))"
  cmd_up
  # quarkus:dev on one module resolves the shared modules and the parent POMs from the local repository.
  (cd "$ROOT" && ./mvnw -B -q install -DskipTests -pl functions/function-runtime,functions -am)
  flow stop "$function"
  echo "starting $function under quarkus dev on port $port; the broker keeps routing to it"
  cd "$ROOT"
  exec ./mvnw -pl "functions/$function" quarkus:dev -Dquarkus.http.port="$port"
}

cmd_manifests() {
  local functions=() f
  for f in "$ROOT"/functions/*/src/main/kubernetes; do
    f="${f%/src/main/kubernetes}"
    functions+=("${f##*/}")
  done
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl "$(printf 'functions/%s,' "${functions[@]}")tools/manifests" -am)
  for f in "${functions[@]}"; do
    {
      echo "# Generated by Quarkus Kubernetes from functions/$f (application.properties, src/main/kubernetes/knative.yml)"
      echo "# and the shared settings in functions/function-runtime. Do not edit: change those and run scripts/run.sh manifests."
      # Quarkus writes the probes' port as null (quarkusio/quarkus#32347): Knative probes the container's port.
      grep -v -e '^---$' -e '^ *port: null$' "$ROOT/functions/$f/target/kubernetes/knative.yml"
    } >"$ROOT/knative/400-$f-service.yaml"
    echo "knative/400-$f-service.yaml"
  done
  # The event contract: a JSON Schema per type, the EventTypes, the AsyncAPI document (docs/events.md).
  "$JAVA_BIN" -cp "$ROOT/tools/manifests/target/manifests.jar" dev.orderflow.contract.ContractFiles "$ROOT"
}

# Dead-lettered events back into the broker: locally from the dead-letter topic, or on a cluster through a one-shot
# KafkaSource (docs/reliability.md, "Redrive").
cmd_redrive() {
  if [ "${1:-}" != --cluster ]; then
    tool local-flow dev.orderflow.redrive.RedriveCommand "$ROOT" \
      --bootstrap-servers "${ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}" \
      --broker-url "${ORDERFLOW_BROKER_URL:-$(flow ingress)}" "$@"
    return 0
  fi
  local plan
  plan="$(tool local-flow dev.orderflow.redrive.RedriveCommand "$ROOT" --cluster)"
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

# shellcheck source=scripts/lib/containers.sh
source "$ROOT/scripts/lib/containers.sh"
# shellcheck source=scripts/lib/cluster.sh
source "$ROOT/scripts/lib/cluster.sh"
# shellcheck source=scripts/lib/bench.sh
source "$ROOT/scripts/lib/bench.sh"

main() {
  local command="${1:-help}"
  shift || true
  case "$command" in
    up) cmd_up "$@" ;;
    down | status | order | events) build_if_missing && flow "$command" "$@" ;;
    logs) cmd_logs "$@" ;;
    dev) cmd_dev "$@" ;;
    redrive) cmd_redrive "$@" ;;
    manifests) cmd_manifests "$@" ;;
    images) cmd_images "$@" ;;
    base-image) cmd_base_image "$@" ;;
    bench) cmd_bench "$@" ;;
    deploy) cmd_deploy "$@" ;;
    undeploy) cmd_undeploy "$@" ;;
    cluster-status) cmd_cluster_status "$@" ;;
    send) cmd_send "$@" ;;
    help | -h | --help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"

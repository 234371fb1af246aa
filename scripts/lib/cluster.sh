# A Knative cluster: the deploy kn runs, planned from the manifests of eventing/ and knative/ by the same code that
# reads them for the local broker (dev.orderflow.deploy.KnPlan), so kn and kubectl apply -k describe the same system;
# and a sample order posted to the cluster broker. Sourced by scripts/run.sh, whose helpers it uses (docs/deploy.md).

kn_plan() {
  tool manifests dev.orderflow.deploy.KnPlan "$ROOT" "$@"
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
  local token
  token="$(broker_token)" || die "could not get a token for the broker (kubectl create token $SENDER --namespace $NAMESPACE)"
  flow order "$outcome" --to "$url" --no-wait ${token:+--bearer "$token" --as "$NAMESPACE/$SENDER"}
  stop_forward
  echo "follow it: kubectl get pods --namespace $NAMESPACE -w   (functions start from zero as events reach them)"
}


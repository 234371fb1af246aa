# The functions' images: a stand-in for the base image on machines that cannot pull one, and the images Quarkus's Jib
# extension builds, with the AOT cache their own JVM recorded. How a function runs from its image is
# dev.orderflow.local.ContainerLaunch's. Sourced by scripts/run.sh, whose helpers it uses (docs/containers.md).

readonly CONTAINER_CLI="${ORDERFLOW_CONTAINER_CLI:-podman}"
readonly CACHE_DIR="${ORDERFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/orderflow}"
readonly DEBIAN_SUITE=bookworm
readonly DEBIAN_MIRROR="${ORDERFLOW_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
readonly AOT_LAYER="$ROOT/scripts/lib/aot-layer.Containerfile"
# Every image of a function carries it (quarkus.container-image.labels), so that a prune takes only the flow's images.
readonly IMAGE_LABEL=dev.orderflow.function

require_containers() {
  command -v "$CONTAINER_CLI" >/dev/null ||
    die "$CONTAINER_CLI is required for containers (Debian: apt-get install podman runc; docs/containers.md)"
}

# A registry on this machine speaks plain HTTP.
is_loopback() {
  case "$1" in localhost | localhost:* | localhost/* | 127.0.0.1 | 127.0.0.1:* | 127.0.0.1/*) return 0 ;; *) return 1 ;; esac
}

# The Services' names and images in ORDERFLOW_REGISTRY (localhost: this machine only) with ORDERFLOW_TAG (default: the
# tag of knative/), one "name image" line each: the same references images builds, up --containers runs and deploy
# deploys.
image_refs() {
  container_plan images "${ORDERFLOW_REGISTRY:-localhost}" "${ORDERFLOW_TAG:-}"
}

image_of() {
  local name ref
  while read -r name ref; do
    [ "$name" = "$1" ] && { echo "$ref"; return 0; }
  done < <(image_refs)
  die "no Knative Service $1 in knative/"
}

container_plan() {
  tool manifests dev.orderflow.deploy.ContainerPlan "$ROOT" "$@"
}

# Everything an image is built from: the function's and the shared module's sources and poms, and the base image. An
# image whose stamp (these inputs and the image's id) still matches is not built again, whatever its name.
image_inputs() {
  local f="$1" base="$2"
  {
    (cd "$ROOT" && find "functions/$f/src" functions/order-events/src functions/cloudevents-http/src functions/function-runtime/src -type f -print0 | sort -z | xargs -0 sha256sum)
    (cd "$ROOT" && sha256sum pom.xml functions/*/pom.xml functions/pom.xml "$AOT_LAYER")
    echo "$base"
  } | sha256sum | cut -c1-64
}

# Fresh: built from these inputs and still in the local storage; then named ref too (another registry or tag of an
# earlier run names the same content).
image_fresh() {
  local f="$1" ref="$2" base="$3" stamp="$ROOT/functions/$1/target/image.stamp" inputs id
  [ -f "$stamp" ] || return 1
  read -r inputs id <"$stamp"
  [ "$inputs" = "$(image_inputs "$f" "$base")" ] && "$CONTAINER_CLI" image exists "$id" || return 1
  "$CONTAINER_CLI" tag "$id" "$ref"
}

base_image() {
  echo "${ORDERFLOW_BASE_IMAGE:-docker.io/library/eclipse-temurin:25-jre}"
}

# Jib builds each image and the images profile runs the function's packaged tests against it in a container, the
# image's JVM recording the AOT cache meanwhile (target/aot/app.aot); then the cache goes into the image as one more
# layer and JAVA_TOOL_OPTIONS names it, which is what Quarkus's build-aot-enhanced-container-image goal does through
# the Docker CLI (it cannot read podman 4.3's inspect output).
build_images() {
  local base="$1" tag="$2"
  shift 2
  local modules f ref
  modules="$(printf 'functions/%s,' "$@")"
  local insecure=()
  case "$base" in tar://* | docker://*) ;; *) is_loopback "$base" && insecure=(-Dquarkus.container-image.insecure=true) ;; esac
  echo "building the images of $* from $base (Jib, then each function's tests in its container record the AOT cache)"
  (cd "$ROOT" && ./mvnw -B -q verify -P images -pl "${modules%,}" -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dquarkus.container-image.registry="${ORDERFLOW_REGISTRY:-localhost}" -Dquarkus.container-image.tag="$tag" \
    -Dquarkus.jib.base-jvm-image="$base" -Dquarkus.native.container-runtime="$CONTAINER_CLI" "${insecure[@]}")
  for f in "$@"; do
    ref="$(image_of "$f")"
    [ -f "$ROOT/functions/$f/target/aot/app.aot" ] || die "the tests of $f recorded no AOT cache (functions/$f/target/aot)"
    "$CONTAINER_CLI" build --quiet --file "$AOT_LAYER" --build-arg "IMAGE=$ref" --tag "$ref" \
      "$ROOT/functions/$f/target/aot" >/dev/null
    echo "$(image_inputs "$f" "$base") $("$CONTAINER_CLI" image inspect --format '{{.Id}}' "$ref")" \
      >"$ROOT/functions/$f/target/image.stamp"
  done
  # The images these builds replaced, and the ones the cache layer went onto: unnamed now, and only the flow's.
  "$CONTAINER_CLI" image prune --force --filter "label=$IMAGE_LABEL" >/dev/null
}

cmd_images() {
  local push=0
  case "${1:-}" in
    --push) push=1 ;;
    "") ;;
    *) die "unknown option '$1' (images [--push])" ;;
  esac
  [ "$push" = 0 ] || [ -n "${ORDERFLOW_REGISTRY:-}" ] || die "set ORDERFLOW_REGISTRY to the registry to push to (e.g. quay.io/you)"
  require_containers
  build_if_missing
  local base name ref tag="" stale=()
  base="$(base_image)"
  while read -r name ref; do
    tag="${ref##*:}"
    image_fresh "$name" "$ref" "$base" || stale+=("$name")
  done < <(image_refs)
  [ ${#stale[@]} -eq 0 ] || build_images "$base" "$tag" "${stale[@]}"
  while read -r name ref; do
    if [ "$push" = 1 ]; then
      local tls=()
      is_loopback "$ref" && tls=(--tls-verify=false)
      "$CONTAINER_CLI" push --quiet "${tls[@]}" "$ref"
      echo "pushed $ref"
    else
      echo "$ref"
    fi
  done < <(image_refs)
}

# A stand-in for eclipse-temurin:25-jre where Docker Hub cannot be reached: Debian's essential packages from a Debian
# mirror and this machine's Temurin 25 where the official image has it (/opt/java/openjdk, on PATH). Built once per
# recipe and JDK, kept in ORDERFLOW_CACHE_DIR as an archive Jib reads (tar://).
cmd_base_image() {
  command -v mmdebstrap >/dev/null || die "mmdebstrap is required (apt-get install mmdebstrap)"
  [ -n "$JAVA25_HOME" ] && [ -f "$JAVA25_HOME/release" ] || die "a Java 25 JDK is required (ORDERFLOW_JAVA25_HOME)"
  require_containers
  local version key name archive
  version="$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$JAVA25_HOME/release")"
  key="$({ declare -f cmd_base_image; cat "$JAVA25_HOME/release"; echo "$DEBIAN_SUITE"; } | sha256sum | cut -c1-12)"
  name="localhost/orderflow/base-temurin:$version-$DEBIAN_SUITE-$key"
  archive="$CACHE_DIR/base-temurin-$version-$DEBIAN_SUITE-$key.tar"
  if [ ! -f "$archive" ]; then
    echo "building the base image (Debian $DEBIAN_SUITE and Temurin $version) into $archive, once" >&2
    local work
    work="$(mktemp -d)"
    mmdebstrap --quiet --variant=essential --include=ca-certificates,tzdata "$DEBIAN_SUITE" "$work/root.tar" "$DEBIAN_MIRROR"
    mkdir -p "$work/opt/java"
    cp -a "$JAVA25_HOME" "$work/opt/java/openjdk"
    # What only compiles or documents: the official JRE image has none of it.
    rm -rf "$work/opt/java/openjdk/"{include,man,jmods,lib/src.zip,lib/ct.sym}
    tar --append --file "$work/root.tar" --owner=0 --group=0 --directory "$work" ./opt/java
    "$CONTAINER_CLI" import --quiet --change 'ENV JAVA_HOME=/opt/java/openjdk' --change 'ENV LANG=C.UTF-8' \
      --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      "$work/root.tar" "$name" >/dev/null
    mkdir -p "$CACHE_DIR"
    "$CONTAINER_CLI" save --quiet --format docker-archive --output "$archive.part" "$name"
    mv "$archive.part" "$archive"
    rm -rf "$work"
  fi
  echo "tar://$archive"
}

# Missing images are built; an image older than its sources is run as it is, with a word about it.
build_images_if_missing() {
  local name ref base missing=0
  base="$(base_image)"
  while read -r name ref; do
    if ! "$CONTAINER_CLI" image exists "$ref"; then
      missing=1
    elif ! image_fresh "$name" "$ref" "$base"; then
      echo "warning: $ref is older than the sources of $name or than its base: 'scripts/run.sh images' rebuilds it" >&2
    fi
  done < <(image_refs)
  [ "$missing" = 0 ] || cmd_images >/dev/null
}

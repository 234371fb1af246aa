# The benchmarks (docs/benchmarks.md): what they compare against is built first, then they run from the tests
# module's classes without Maven. Sourced by scripts/run.sh, whose helpers it uses.

# The functions whose fast-jar the cold-start benchmark compares against, read from the bench's own arguments.
bench_fast_jar_functions() {
  local benchmark="${1:-}" smoke=0 list="" f functions
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
  functions="$(flow components | awk '$1 != "broker" { print $1 }' | xargs)"
  # A smoke run's one function is payment unless named: the step the throughput peer implements (dev.orderflow.bench.Options).
  [ -n "$list" ] || { [ "$smoke" = 1 ] && list=payment; } || list="${functions// /,}"
  [ "$smoke" = 0 ] || list="${list%%,*}"
  for f in ${list//,/ }; do
    # An unknown name is left to the bench, which says which names it knows.
    case " $functions " in *" $f "*) echo "$f" ;; esac
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
    if [ ! -f "$(fast_jar_of "$f")" ] || [ "$ROOT/functions/$f/target/quarkus-app/quarkus-run.jar" -nt "$(fast_jar_of "$f")" ]; then
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


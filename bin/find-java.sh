# Sourced by the launchers: sets SVC4J_JAVA_HOME to a JDK >= 21 (JAVA_HOME, then /usr/lib/jvm,
# then the java on PATH) and SVC4J_ROOT to the checkout. Needs a full JDK only for building.

# No dirname, no subshell: each process start costs a launch 5-15 ms on a loaded machine.
svc4j_here="${BASH_SOURCE[0]%/*}"
[ "$svc4j_here" != "${BASH_SOURCE[0]}" ] || svc4j_here=.
SVC4J_ROOT="$(cd "$svc4j_here/.." && pwd)"

svc4j_java_major() { # $1 = java home; sets svc4j_major to the feature version or to nothing
  svc4j_major=""
  [ -x "$1/bin/java" ] || return 0
  # The release file answers without starting a JVM (that alone cost every launch ~50-100 ms), read
  # by bash itself: no sed, no command substitution (each a process start, 5-15 ms under load).
  local k v=""
  if [ -r "$1/release" ]; then
    while IFS='=' read -r k v; do
      [ "$k" = JAVA_VERSION ] && break
      v=""
    done <"$1/release"
  fi
  v=${v#\"}
  v=${v%%[!0-9]*}
  if [ -n "$v" ] && [ "$v" != 1 ]; then svc4j_major=$v; return 0; fi
  svc4j_major=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
}

svc4j_find_java() {
  local home major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    svc4j_java_major "$JAVA_HOME"; major=$svc4j_major
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then SVC4J_JAVA_HOME="$JAVA_HOME"; return 0; fi
  fi
  for home in /usr/lib/jvm/*; do
    [ -d "$home" ] || continue
    svc4j_java_major "$home"; major=$svc4j_major
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home"; best_major="$major"
    fi
  done
  if [ -n "$best" ]; then SVC4J_JAVA_HOME="$best"; return 0; fi
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    svc4j_java_major "$home"; major=$svc4j_major
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then SVC4J_JAVA_HOME="$home"; return 0; fi
  fi
  echo "svc4j: no Java 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm and PATH): install a JDK >= 21 or set JAVA_HOME" >&2
  return 1
}

svc4j_build_if_missing() { # builds dist/ when a launcher's jar is not there yet
  if [ ! -f "$SVC4J_ROOT/dist/svc4j.jar" ] || [ ! -f "$SVC4J_ROOT/dist/hello-http.jar" ]; then
    if [ ! -x "$SVC4J_JAVA_HOME/bin/javac" ]; then
      echo "svc4j: building needs a JDK, but $SVC4J_JAVA_HOME has no javac: set JAVA_HOME to a JDK >= 21" >&2
      return 1
    fi
    echo "svc4j: building dist/ (first run)..." >&2
    (cd "$SVC4J_ROOT" && JAVA_HOME="$SVC4J_JAVA_HOME" mvn -B -q -DskipTests package) >&2 || {
      echo "svc4j: build failed: run 'JAVA_HOME=$SVC4J_JAVA_HOME mvn -DskipTests package' to see why" >&2
      return 1
    }
  fi
}

# Sourced by the launchers: sets SVC4J_JAVA_HOME to a JDK >= 21 (JAVA_HOME, then /usr/lib/jvm,
# then the java on PATH) and SVC4J_ROOT to the checkout. Needs a full JDK only for building.

SVC4J_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

svc4j_java_major() { # $1 = java home; prints the feature version or nothing
  [ -x "$1/bin/java" ] || return 0
  # The release file answers without starting a JVM (that alone cost every launch ~50-100 ms).
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  if [ -n "$v" ] && [ "$v" != 1 ]; then echo "$v"; return 0; fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

svc4j_find_java() {
  local home major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(svc4j_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then SVC4J_JAVA_HOME="$JAVA_HOME"; return 0; fi
  fi
  for home in /usr/lib/jvm/*; do
    [ -d "$home" ] || continue
    major=$(svc4j_java_major "$home")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home"; best_major="$major"
    fi
  done
  if [ -n "$best" ]; then SVC4J_JAVA_HOME="$best"; return 0; fi
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    major=$(svc4j_java_major "$home")
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

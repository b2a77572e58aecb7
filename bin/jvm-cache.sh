# Sourced by the launchers after find-java.sh. `svc4j_jvm_cache JAR` sets SVC4J_CACHE_FLAGS (an
# array, maybe empty) to the class-data cache options for running JAR with SVC4J_JAVA_HOME and the
# options in SVC4J_JVM_FLAGS (the cache is only valid for exactly those). See docs/performance.md.
#
#   Java 25+    AOT cache (JEP 483/515): the first run records (-XX:AOTMode=record), the next run
#               assembles the cache in the background and runs without it, later runs use it.
#   Java 21-24  dynamic AppCDS: -XX:SharedArchiveFile with -XX:+AutoCreateSharedArchive (the JVM
#               itself writes the archive at exit and rewrites it when it no longer matches).
#
# A missing, stale, truncated, damaged or foreign archive only costs speed: the JVM then starts
# without it and says nothing (its cds/aot log output is off). -XX:+VerifySharedSpaces makes it
# check the archive's CRC first: without it, an archive damaged past its header crashed the JVM
# (SIGABRT, LauncherCacheE2eTest). On 21-24 a damaged archive is not rewritten (only a stale one
# is): delete the directory to rebuild it. The cache lives in a directory only the
# current user can write (root: /var/cache/svc4j/jvm, others: ${XDG_CACHE_HOME:-~/.cache}/svc4j/jvm,
# both 0700): archives are loaded code, so one another user could plant would run as this user.
# SVC4J_JVM_CACHE_DIR chooses another directory (held to the same checks); SVC4J_JVM_CACHE=off
# disables the cache.

svc4j_release_value() { # $1 = java home, $2 = key in its release file; prints the value (no fork)
  local k v
  while IFS='=' read -r k v; do
    if [ "$k" = "$2" ]; then v=${v#\"}; printf '%s\n' "${v%\"}"; return 0; fi
  done <"$1/release" 2>/dev/null
}

svc4j_private_paths() { # $1 = uid that may own them besides root, then paths; true when no one else can write any
  local uid="$1" owner mode
  shift
  # One stat for all (each fork costs a launch ~10 ms on a loaded machine); GNU stat, then BSD.
  while read -r owner mode; do
    [ -n "$mode" ] || return 1
    [ "$owner" = "$uid" ] || [ "$owner" = 0 ] || return 1
    # Writable by others only as a sticky directory (/tmp): no one can move our entry in it away.
    (( (8#$mode & 8#022) == 0 )) || { [ "${SVC4J_STICKY_OK:-}" = 1 ] && (( 8#$mode & 8#1000 )); } || return 1
  done < <(stat -c '%u %a' "$@" 2>/dev/null || stat -f '%u %Lp' "$@" 2>/dev/null || echo "x")
}

svc4j_cache_dir() { # prints the private cache directory, creating it; fails when there is none safe
  local dir uid="$EUID" d owner
  if [ -n "${SVC4J_JVM_CACHE_DIR:-}" ]; then
    dir="$SVC4J_JVM_CACHE_DIR" # held to the same checks as the defaults
  elif [ "$uid" = 0 ]; then
    dir=/var/cache/svc4j/jvm
  else
    [ -n "${HOME:-}" ] || return 1
    dir="${XDG_CACHE_HOME:-$HOME/.cache}/svc4j/jvm"
  fi
  [ "${dir#/}" != "$dir" ] || return 1 # absolute paths only
  [ -d "$dir" ] || (umask 077 && mkdir -p "$dir") 2>/dev/null || return 1
  # It must be ours alone, and so must every directory above it (else it could be swapped).
  local chain=("$dir")
  d="${dir%/}"
  while [ -n "$d" ]; do
    d="${d%/*}"
    chain+=("${d:-/}")
  done
  # One stat for the directory and all above it (each process start costs a launch 5-15 ms under
  # load): the directory must be the user's own, the ones above the user's or root's (sticky ok).
  local mode first=1
  while read -r owner mode; do
    [ -n "$mode" ] || return 1
    if [ "$first" = 1 ]; then
      first=0
      [ "$owner" = "$uid" ] && (( (8#$mode & 8#022) == 0 )) || return 1
      continue
    fi
    [ "$owner" = "$uid" ] || [ "$owner" = 0 ] || return 1
    (( (8#$mode & 8#022) == 0 )) || (( 8#$mode & 8#1000 )) || return 1
  done < <(stat -c '%u %a' "${chain[@]}" 2>/dev/null || stat -f '%u %Lp' "${chain[@]}" 2>/dev/null || echo "x")
  [ "$first" = 0 ] || return 1
  # Writable for us too (not 0500, not a read-only mount): Java 21's AutoCreateSharedArchive turns
  # a failed write at exit into exit code 1 after the command itself succeeded.
  [ -w "$dir" ] || return 1
  printf '%s\n' "$dir"
}

svc4j_jvm_cache() { # $1 = jar
  SVC4J_CACHE_FLAGS=()
  [ "${SVC4J_JVM_CACHE:-on}" != off ] || return 0
  local jar="$1" java="$SVC4J_JAVA_HOME/bin/java" dir version major key base name conf pid
  version=$(svc4j_release_value "$SVC4J_JAVA_HOME" JAVA_RUNTIME_VERSION)
  major=${version%%[.+-]*}
  [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null || return 0
  dir=$(svc4j_cache_dir) || return 0
  # The name changes with everything an archive must match: the JDK, the jar, the JVM options.
  key=$( (printf '%s\n' "$SVC4J_JAVA_HOME" "$version" "$jar" "${SVC4J_JVM_FLAGS[*]}"
    ls -lLn --time-style=+%s "$SVC4J_JAVA_HOME/lib/modules" "$jar" 2>/dev/null || ls -lLnT "$SVC4J_JAVA_HOME/lib/modules" "$jar") |
    cksum)
  key=${key%% *}
  name=${jar##*/}
  name=${name%.jar}
  base="$dir/$name-$key"
  if [ "$major" -lt 25 ]; then
    local magic=""
    if [ -f "$base.jsa" ] && svc4j_private_paths "$EUID" "$base.jsa"; then
      # Not even a dynamic archive's magic: Java 21 would then neither load the JDK's own archive
      # nor rewrite ours, and warns on stderr at every start. Removing it lets the JVM rewrite it.
      LC_ALL=C IFS= read -r -d '' -n 4 magic <"$base.jsa" || true
      [ "$magic" = $'\xa8\xab\x0b\xf0' ] || rm -f "$base.jsa"
    fi
    if [ ! -e "$base.jsa" ] || svc4j_private_paths "$EUID" "$base.jsa"; then
      SVC4J_CACHE_FLAGS=(-XX:SharedArchiveFile="$base.jsa" -XX:+AutoCreateSharedArchive -XX:+VerifySharedSpaces
        -Xlog:cds=off -Xlog:cds+dynamic=off)
    fi
    return 0
  fi
  # -XX:-DisplayVMOutput: record and create print progress lines on stdout, which is the command's.
  local quiet=(-XX:+VerifySharedSpaces -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -Xlog:aot=off -Xlog:cds=off)
  if [ -f "$base.aot" ]; then
    if svc4j_private_paths "$EUID" "$base.aot"; then # one stat for both uses below
      local magic=""
      LC_ALL=C IFS= read -r -d '' -n 4 magic <"$base.aot" || true
      if [ "$magic" = $'\xa2\xab\x0b\xf0' ]; then
        SVC4J_CACHE_FLAGS=(-XX:AOTCache="$base.aot" -XX:+VerifySharedSpaces -Xlog:aot=off -Xlog:cds=off)
        return 0
      fi
      rm -f "$base.aot" # not an AOT cache at all: record anew
    else
      return 0 # someone else's file: neither used nor touched
    fi
  fi
  for conf in "$base".*.conf; do
    [ -f "$conf" ] || continue
    pid=${conf%.conf}
    pid=${pid##*.}
    if kill -0 "$pid" 2>/dev/null; then
      return 0 # still recording: run without a cache
    fi
    # Recorded by a run that has ended: claim it (one rename wins) and assemble in the background.
    mv "$conf" "$base.$$.claimed" 2>/dev/null || return 0
    (
      if "$java" "${SVC4J_JVM_FLAGS[@]}" "${quiet[@]}" -XX:AOTMode=create \
        -XX:AOTConfiguration="$base.$$.claimed" -XX:AOTCache="$base.$$.tmp" -jar "$jar"; then
        mv -f "$base.$$.tmp" "$base.aot"
        for old in "$dir/$name"-*.aot; do # archives of older jars or JDKs
          [ "$old" = "$base.aot" ] || rm -f "$old"
        done
      fi
      rm -f "$base.$$.claimed" "$base.$$.tmp"
    ) </dev/null >/dev/null 2>&1 &
    return 0
  done
  SVC4J_CACHE_FLAGS=("${quiet[@]}" -XX:AOTMode=record -XX:AOTConfiguration="$base.$$.conf")
}

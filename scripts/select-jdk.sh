# Sourced by ./faceattend and .ci/run: points JAVA_HOME at a JDK >= 21 (the project targets Java 21).
# Order: $JAVA_HOME if recent enough, then JDKs under /usr/lib/jvm (newest first), then `java` on PATH.

faceattend_java_major() { # prints the major version of the java binary in $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1 | cut -d. -f1 || echo 0
}

faceattend_select_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(faceattend_java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export FACEATTEND_JDK_MAJOR="$major"
      # Maven's bundled Guice touches sun.misc.Unsafe; JDK 24+ warns loudly unless told this is known
      if [ "$major" -ge 24 ] && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe* ]]; then
        export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
      fi
      return 0
    fi
  done
  echo "FaceAttend needs a JDK 21 or newer (java and javac); none found in JAVA_HOME, /usr/lib/jvm or PATH." >&2
  echo "Install one (e.g. apt-get install openjdk-21-jdk-headless, or Temurin 21+) and set JAVA_HOME." >&2
  return 1
}

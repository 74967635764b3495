#!/usr/bin/env bash
# Writes CrossCheckFile (and optionally WriterBenchmark files) with the Java writer, then checks
# them with h5py. Needs /usr/bin/python3 with h5py and numpy, and libzstd.so.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${TMPDIR:-/tmp}/vista-hdf5-writer"
mkdir -p "$out"
# test-compile only: vista-core needs nothing from the local repository but its dependencies
mvn -B -q -ntp -o -pl vista-core test-compile
mvn -B -q -ntp -o -pl vista-core dependency:build-classpath -Dmdep.outputFile="$out/cp.txt" >/dev/null
cp="vista-core/target/classes:vista-core/target/test-classes:$(cat "$out/cp.txt")"
java -cp "$cp" io.vista.core.internal.hdf5.CrossCheckFile "$out/cross-check.h5"
/usr/bin/python3 tools/hdf5_writer/verify_with_h5py.py cross-check "$out/cross-check.h5"
if [[ "${1:-}" == "big" ]]; then
  java -Xmx256m -cp "$cp" io.vista.core.internal.hdf5.WriterBenchmark "$out/big-dense.h5" 2000 256 1024 dense
  /usr/bin/python3 tools/hdf5_writer/verify_with_h5py.py big "$out/big-dense.h5" 2000 256 1024 dense
  rm -f "$out/big-dense.h5"
  java -Xmx256m -cp "$cp" io.vista.core.internal.hdf5.WriterBenchmark "$out/big-sparse.h5" 500 256 4608 sparse
  /usr/bin/python3 tools/hdf5_writer/verify_with_h5py.py big "$out/big-sparse.h5" 500 256 4608 sparse
  rm -f "$out/big-sparse.h5"
fi

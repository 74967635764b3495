/**
 * The performance benchmark ({@code java -jar vista-bench.jar}): where a training step spends its
 * time compared with the bare matrix products it needs, what streaming from a Zstd float16 HDF5
 * file costs compared with batches already in memory, the evaluation encoding pass, and the
 * logistic-regression fits of the default ablation. Everything is measured in one process and
 * written as JSON plus a readable table; see {@code vista-bench/README.md} for how to read it.
 */
package io.vista.bench;

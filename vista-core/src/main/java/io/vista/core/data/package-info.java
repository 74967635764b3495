/**
 * The VISTA latent store: HDF5 files of vision-encoder (or SAE) latents and FairFace labels, as
 * the Python pipeline writes them with h5py and {@code hdf5plugin.Zstd}.
 *
 * <p>Layout read here: root attributes {@code model} and {@code dataset}; groups
 * {@code training} and {@code validation}, each with a float16 (or float32) feature dataset --
 * {@code encoded} {@code (N, T, d)} or {@code (N, d)}, SAE latents {@code data} {@code (N, T, m)},
 * or aggregated {@code data/mean} and {@code data/max} {@code (N, m)} -- chunked
 * {@code (min(batch, N), T, d)} and Zstd-compressed (filter 32015); int64 vectors
 * {@code labels/age} (9 classes), {@code labels/gender} (2), {@code labels/race} (7) and
 * {@code original_indices}.
 *
 * <ul>
 *   <li>{@link io.vista.core.data.LatentFile} opens a file; {@link io.vista.core.data.LatentSplit}
 *       views one split's features and labels and reads samples as float32.
 *   <li>{@link io.vista.core.data.BatchIterator} streams an epoch in batches from a background
 *       thread (flattened tokens or mean-pooled), in file order or in a seeded, reproducible
 *       shuffle, never holding a whole split in memory.
 *   <li>{@link io.vista.core.data.ZstdFilter} decodes the Zstd chunks with libzstd (zstd-jni) for jHDF
 *       (registered through {@code META-INF/services}); {@link io.vista.core.data.Float16}
 *       converts half floats.
 *   <li>{@link io.vista.core.data.LabelSpec} holds class counts; {@link io.vista.core.data.Inspector}
 *       prints an {@code h5ls}-like report; vista-bench's {@code decode-bench} measures
 *       decoding throughput.
 * </ul>
 *
 * <p>Every problem is a one-line {@link io.vista.core.data.DataException} naming the file and the
 * path inside it. Writing lives in the internal {@code io.vista.core.internal.hdf5}.
 */
package io.vista.core.data;


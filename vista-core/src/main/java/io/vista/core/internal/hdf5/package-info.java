/**
 * Not API (implementation of vista-core; may change in any release).
 * A streaming writer of VISTA-format HDF5 files: chunked, Zstandard-compressed (filter id 32015,
 * as hdf5plugin writes it) float16/float32/int64 datasets of any size in bounded memory, groups and
 * variable-length UTF-8 string attributes, readable by HDF5 1.10+ (h5py) and jHDF.
 *
 * <p>Why a writer of our own rather than jHDF's: jHDF 0.13 holds each dataset wholly in memory,
 * has no float16 type and refuses chunked datasets over 2 GB, while SAE-latent exports reach
 * hundreds of GB. {@link io.vista.core.internal.hdf5.Hdf5Writer} instead appends each chunk to a temp
 * file as soon as it is complete and writes the (small) metadata at the end: superblock version 2,
 * version-2 object headers holding link messages (compact groups), data layout message version 3
 * with a version-1 B-tree chunk index, filter pipeline message version 2 and a global heap
 * collection for the string attributes. These are the classic structures HDF5 1.8+ writes with
 * {@code libver=('v108','v108')}, so every HDF5 reader since 1.8 and jHDF read them.
 */
package io.vista.core.internal.hdf5;

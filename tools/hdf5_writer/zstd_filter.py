"""Registers HDF5 filter 32015 (Zstandard, as hdf5plugin defines it) in h5py through ctypes.

Debian ships neither hdf5plugin nor an HDF5 Zstd plugin, so this builds an H5Z_class2_t whose
filter callback calls libzstd.so.1 directly: decode sizes the output from the frame's declared
content size (ZSTD_getFrameContentSize, exactly what the hdf5plugin filter relies on) and
ZSTD_decompress; encode uses ZSTD_compress with cd_values[0] as the level.

Usage: ``import zstd_filter; zstd_filter.register()`` before opening files.
h5py 3.8+ has ``h5z.register_filter``; with Debian's 3.7 we call ``H5Zregister`` ourselves.
"""
import ctypes

import h5py

ZSTD_FILTER_ID = 32015
H5Z_FLAG_REVERSE = 0x0100
ZSTD_CONTENTSIZE_UNKNOWN = (1 << 64) - 1
ZSTD_CONTENTSIZE_ERROR = (1 << 64) - 2

_zstd = ctypes.CDLL("libzstd.so.1")
_zstd.ZSTD_getFrameContentSize.restype = ctypes.c_ulonglong
_zstd.ZSTD_getFrameContentSize.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
_zstd.ZSTD_decompress.restype = ctypes.c_size_t
_zstd.ZSTD_decompress.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]
_zstd.ZSTD_compress.restype = ctypes.c_size_t
_zstd.ZSTD_compress.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
_zstd.ZSTD_compressBound.restype = ctypes.c_size_t
_zstd.ZSTD_compressBound.argtypes = [ctypes.c_size_t]
_zstd.ZSTD_isError.restype = ctypes.c_uint
_zstd.ZSTD_isError.argtypes = [ctypes.c_size_t]
_zstd.ZSTD_findFrameCompressedSize.restype = ctypes.c_size_t
_zstd.ZSTD_findFrameCompressedSize.argtypes = [ctypes.c_void_p, ctypes.c_size_t]

# The HDF5 library h5py is linked against: its allocator must own filter buffers.
_hdf5 = None
for _name in ("libhdf5_serial.so.103", "libhdf5.so.103", "libhdf5.so"):
    try:
        _hdf5 = ctypes.CDLL(_name)
        break
    except OSError:
        pass
if _hdf5 is None:
    raise OSError("cannot load the HDF5 shared library")
_hdf5.H5allocate_memory.restype = ctypes.c_void_p
_hdf5.H5allocate_memory.argtypes = [ctypes.c_size_t, ctypes.c_bool]
_hdf5.H5free_memory.restype = ctypes.c_int
_hdf5.H5free_memory.argtypes = [ctypes.c_void_p]
_hdf5.H5Zregister.restype = ctypes.c_int
_hdf5.H5Zregister.argtypes = [ctypes.c_void_p]

FILTER_FUNC = ctypes.CFUNCTYPE(
    ctypes.c_size_t,
    ctypes.c_uint,
    ctypes.c_size_t,
    ctypes.POINTER(ctypes.c_uint),
    ctypes.c_size_t,
    ctypes.POINTER(ctypes.c_size_t),
    ctypes.POINTER(ctypes.c_void_p),
)


class H5ZClass2(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_int),
        ("id", ctypes.c_int),
        ("encoder_present", ctypes.c_uint),
        ("decoder_present", ctypes.c_uint),
        ("name", ctypes.c_char_p),
        ("can_apply", ctypes.c_void_p),
        ("set_local", ctypes.c_void_p),
        ("filter", FILTER_FUNC),
    ]


# Frames seen by the decoder, for the caller's statistics: (compressed bytes, frame bytes).
frames_checked = []


def _filter(flags, cd_nelmts, cd_values, nbytes, buf_size, buf):
    try:
        src = buf[0]
        if flags & H5Z_FLAG_REVERSE:
            size = _zstd.ZSTD_getFrameContentSize(src, nbytes)
            if size in (ZSTD_CONTENTSIZE_UNKNOWN, ZSTD_CONTENTSIZE_ERROR):
                return 0
            # One frame per chunk: the first frame must span the whole chunk.
            frame = _zstd.ZSTD_findFrameCompressedSize(src, nbytes)
            frames_checked.append((nbytes, frame))
            if _zstd.ZSTD_isError(frame) or frame != nbytes:
                return 0
            out = _hdf5.H5allocate_memory(max(size, 1), False)
            n = _zstd.ZSTD_decompress(out, size, src, nbytes)
            if _zstd.ZSTD_isError(n) or n != size:
                _hdf5.H5free_memory(out)
                return 0
        else:
            level = cd_values[0] if cd_nelmts > 0 else 3
            bound = _zstd.ZSTD_compressBound(nbytes)
            out = _hdf5.H5allocate_memory(bound, False)
            n = _zstd.ZSTD_compress(out, bound, src, nbytes, level)
            if _zstd.ZSTD_isError(n):
                _hdf5.H5free_memory(out)
                return 0
            size = bound
        _hdf5.H5free_memory(src)
        buf[0] = out
        buf_size[0] = size
        return n
    except Exception:  # never let a Python exception cross into C
        return 0


_callback = FILTER_FUNC(_filter)
_class = H5ZClass2(1, ZSTD_FILTER_ID, 1, 1, b"zstd (ctypes)", None, None, _callback)
_registered = False


def register():
    """Registers the filter once per process (the objects above stay referenced)."""
    global _registered
    if not _registered and not h5py.h5z.filter_avail(ZSTD_FILTER_ID):
        # h5py < 3.8 (Debian's 3.7) has no h5z.register_filter: call H5Zregister in the very
        # library h5py uses (same soname, so the same loaded copy and filter table).
        if hasattr(h5py.h5z, "register_filter"):
            h5py.h5z.register_filter(ctypes.addressof(_class))
        elif _hdf5.H5Zregister(ctypes.byref(_class)) < 0:
            raise RuntimeError("H5Zregister failed")
        if not h5py.h5z.filter_avail(ZSTD_FILTER_ID):
            raise RuntimeError("filter 32015 still unavailable after registration")
    _registered = True

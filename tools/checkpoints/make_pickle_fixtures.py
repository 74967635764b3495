#!/usr/bin/python3
"""Pickles one object tree with every protocol 0..5 for the PickleReader tests
(vista-core/src/test/resources/checkpoints/pickle_p<N>.pkl). The Java test states the expected
values by hand from the object below; keep the two in step.

Run: /usr/bin/python3 tools/checkpoints/make_pickle_fixtures.py
"""
import collections
import os
import pickle
import pickletools
import sys
import types

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "vista-core", "src", "test", "resources", "checkpoints")

mod = types.ModuleType("vista_fixture.objects")
sys.modules["vista_fixture"] = types.ModuleType("vista_fixture")
sys.modules["vista_fixture.objects"] = mod


class Custom:
    def __init__(self):
        self.a = 1
        self.b = [1, 2]


class MyDict(dict):
    pass


class Payload:
    """Would call print(...) when Python unpickles it; the Java reader must only record it."""

    def __reduce__(self):
        return (print, ("pickle payload executed",))


for cls in (Custom, MyDict, Payload):
    cls.__module__ = "vista_fixture.objects"
    setattr(mod, cls.__qualname__, cls)


def tree():
    shared = [1, 2]
    return {
        "none": None, "true": True, "false": False,
        "ints": [0, 1, 255, 256, 65535, 65536, -1, -129, 2**31 - 1, -2**31, 2**31, 2**63 - 1, -2**63, 2**64, -2**70],
        "floats": [0.0, -0.0, 0.1, 1e300, float("inf"), float("-inf"), 5e-324],
        "str": "h\u00e9llo \u2713 \\ \n end \U0001F600",
        "long_str": "ab" * 200,
        "bytes": b"\x00\x01\xff",
        "long_bytes": bytes(range(256)) * 2,
        "bytearray": bytearray(b"ab"),
        "tuples": [(), (1,), (1, "a"), (1, 2, 3), (1, 2, 3, 4, 5)],
        "nested": [1, [2, [3, {"k": (4,)}]]],
        "shared": [shared, shared],
        "set": {3, 1, 2},
        "frozenset": frozenset({"x"}),
        "od": collections.OrderedDict([("b", 1), ("a", 2)]),
        "int_keys": {0: "zero", 7: "seven"},
        "tuple_key": {(1, "x"): "t"},
        "many": list(range(1200)),  # > 1000: several APPENDS batches
        "big_dict": {f"k{i}": i for i in range(1100)},  # > 1000: several SETITEMS batches
        "custom": Custom(),
        "mydict": MyDict(a=1),
        "payload": Payload(),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    obj = tree()
    for proto in range(0, 6):
        data = pickle.dumps(obj, protocol=proto)
        ops = sorted({op.name for op, _, _ in pickletools.genops(data)})
        with open(os.path.join(OUT, f"pickle_p{proto}.pkl"), "wb") as f:
            f.write(data)
        print(proto, len(data), " ".join(ops))


if __name__ == "__main__":
    main()

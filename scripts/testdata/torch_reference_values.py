#!/usr/bin/env python3
"""Independent reference values for TorchImportTests (no torch needed).

Reads a legacy torch.save file with pickle + numpy only: a custom Unpickler
maps torch classes to plain records, storages are read from the data section
in storage-key-list order, and tensors are built with numpy.lib.stride_tricks.
Usage: python3 reference_values.py path/to/efficientnet-lite0-*.pth
"""
import collections, pickle, struct, sys
import numpy as np

DTYPES = {"FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
          "LongStorage": np.int64, "IntStorage": np.int32, "ShortStorage": np.int16,
          "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_}

class StorageType:
    def __init__(self, name): self.name = name

Tensor = collections.namedtuple("Tensor", "key dtype offset size stride")

def rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks, *rest):
    key, dtype = storage
    return Tensor(key, dtype, offset, size, stride)

class U(pickle.Unpickler):
    storages = {}
    def find_class(self, module, name):
        if (module, name) == ("collections", "OrderedDict"): return collections.OrderedDict
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"): return rebuild_tensor_v2
        if module == "torch" and name in DTYPES: return StorageType(name)
        raise pickle.UnpicklingError(f"unexpected global {module}.{name}")
    def persistent_load(self, pid):
        tag, stype, key, location, numel, view = pid
        assert tag == "storage" and view is None
        self.storages[key] = (DTYPES[stype.name], numel)
        return key, DTYPES[stype.name]

path = sys.argv[1]
with open(path, "rb") as f:
    magic = pickle.load(f); version = pickle.load(f); sysinfo = pickle.load(f)
    u = U(f); state = u.load()
    keys = pickle.load(f)
    data = {}
    for k in keys:
        (n,) = struct.unpack("<q", f.read(8))
        dtype, numel = u.storages[k]
        assert n == numel
        data[k] = np.frombuffer(f.read(n * np.dtype(dtype).itemsize), dtype=dtype)
    trailing = f.read()

def arr(name):
    t = state[name]
    s = data[t.key]
    item = s.dtype.itemsize
    v = np.lib.stride_tricks.as_strided(s[t.offset:], shape=t.size, strides=[x * item for x in t.stride])
    return np.ascontiguousarray(v)

print("entries", len(state), "trailing bytes", len(trailing))
print("first", list(state)[:3], "last", list(state)[-2:])
non_contig = [n for n, t in state.items()
              if list(t.stride) != [int(np.prod(t.size[i+1:])) for i in range(len(t.size))]]
print("non-contiguous tensors", len(non_contig), non_contig[:5])
print("nonzero storage offsets", [(n, t.offset) for n, t in state.items() if t.offset != 0][:5])
print("dtypes", collections.Counter(str(t.dtype.__name__) for t in state.values()))
for n in ["_conv_stem.weight", "_fc.weight", "_fc.bias", "_blocks.3._bn1.running_var", "_bn0.num_batches_tracked",
          "_blocks.0._depthwise_conv.weight", "_conv_head.weight"]:
    t = state[n]; print(n, tuple(t.size), tuple(t.stride), t.offset)
np.set_printoptions(precision=10)
a = arr("_conv_stem.weight"); print("_conv_stem.weight[5,1,2,0] = %r" % float(a[5, 1, 2, 0]))
print("_conv_stem.weight[0,0,0,:] =", [float(x) for x in a[0, 0, 0, :]])
print("_conv_stem.weight flat[0:6] =", [float(x) for x in a.reshape(-1)[:6]])
a = arr("_fc.weight"); print("_fc.weight[17,900] = %r" % float(a[17, 900]))
print("_fc.weight flat[0:4] =", [float(x) for x in a.reshape(-1)[:4]])
a = arr("_blocks.3._bn1.running_var"); print("_blocks.3._bn1.running_var[7] = %r" % float(a[7]))
for n in ["_conv_stem.weight", "_fc.weight", "_fc.bias", "_blocks.3._bn1.running_var", "_conv_head.weight"]:
    a = arr(n).astype(np.float64)
    print("sum(%s) = %r  sum|x| = %r  weighted = %r" % (n, float(a.sum()), float(np.abs(a).sum()),
          float((a.reshape(-1) * (np.arange(a.size) % 7 + 1)).sum())))
print("_bn0.num_batches_tracked =", arr("_bn0.num_batches_tracked"))

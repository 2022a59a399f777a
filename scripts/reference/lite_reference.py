#!/usr/bin/env python3
"""Independent numpy reference for EffFleet artifacts (Docs/ARTIFACT.md, format version 1).

A cross-check for the Swift engine: it shares no code with it and uses numpy only.

    lite_reference.py --artifact A.safetensors --input X.npy --logits-out OUT.npy

X.npy is either a uint8 HxWx3 RGB photo (preprocessed as Docs/ARTIFACT.md says) or an already
normalized float32 (1,)res x res x 3 tensor. OUT.npy receives 1000 float32 logits.
"""
import argparse
import json
import struct
import sys

import numpy as np

_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4",
           "I16": "<i2", "I8": "i1", "U8": "u1"}


def load_artifact(path):
    """Returns (tensors: dict name -> numpy array, metadata: dict str -> str)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    data = memoryview(blob)[8 + n:]
    tensors = {}
    for name, t in header.items():
        b, e = t["data_offsets"]
        a = np.frombuffer(data[b:e], dtype=np.dtype(_DTYPES[t["dtype"]]))
        tensors[name] = a.reshape(t["shape"])
    if meta.get("format_version") != "1":
        raise ValueError(f"{path}: unsupported format_version {meta.get('format_version')!r}")
    return tensors, meta


def architecture(meta):
    return json.loads(meta["architecture"])


# ---------------------------------------------------------------- preprocessing

def preprocess(img, res, mean, std):
    """uint8 HxWx3 RGB -> float64 (res, res, 3) normalized, TF EfficientNet eval style.

    The resize is computed exactly in integers: src = (dst + 0.5) * crop / res - 0.5 equals
    num / D with num = (2 dst + 1) crop - res and D = 2 res, so every interpolated value is an
    integer over D^2 and ties (x.5, which do occur) are rounded exactly, away from zero.
    """
    h, w = img.shape[:2]
    crop = (res * min(h, w)) // (res + 32)
    y0, x0 = (h - crop + 1) // 2, (w - crop + 1) // 2
    c = img[y0:y0 + crop, x0:x0 + crop].astype(np.int64)

    D = 2 * res
    num = np.clip((2 * np.arange(res) + 1) * crop - res, 0, (crop - 1) * D)  # clamp to the edge
    i0 = num // D
    i1 = np.minimum(i0 + 1, crop - 1)
    f = num - i0 * D                                                   # fraction * D
    rows = c[i0] * (D - f)[:, None, None] + c[i1] * f[:, None, None]             # along y, * D
    acc = rows[:, i0] * (D - f)[None, :, None] + rows[:, i1] * f[None, :, None]  # along x, * D^2

    out = np.clip((2 * acc + D * D) // (2 * D * D), 0, 255)  # acc >= 0: floor(v + 1/2) = half away
    return (out.astype(np.float64) - mean) / std


def prepare_input(x, meta):
    """Returns a normalized (res, res, 3) float64 array from a uint8 photo or a float tensor."""
    res = int(meta["resolution"])
    if x.dtype == np.uint8:
        if x.ndim != 3 or x.shape[2] != 3:
            raise ValueError(f"uint8 input must be HxWx3, got {x.shape}")
        return preprocess(x, res, float(meta["input_mean"]), float(meta["input_std"]))
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 4 and x.shape[0] == 1:
        x = x[0]
    if x.shape != (res, res, 3):
        raise ValueError(f"float input must be (1,){res}x{res}x3, got {x.shape}")
    return x


# ---------------------------------------------------------------- network (NHWC, batch 1)

def same_pad(x, k, s):
    """Zero-pads an HxWxC map with TF SAME padding; returns (padded, out_h, out_w)."""
    pads = []
    for n in x.shape[:2]:
        out = -(-n // s)
        total = max((out - 1) * s + k - n, 0)
        pads.append((total // 2, total - total // 2, out))
    (t, b, oh), (l, r, ow) = pads
    return np.pad(x, ((t, b), (l, r), (0, 0))), oh, ow


def relu6(x):
    return np.clip(x, 0.0, 6.0)


def conv(x, w, b, s):
    """Dense conv; w is OHWI."""
    o, k, _, i = w.shape
    if k == 1 and s == 1:
        return x @ w.reshape(o, i).T + b
    p, oh, ow = same_pad(x, k, s)
    cols = np.stack([p[dy:dy + s * (oh - 1) + 1:s, dx:dx + s * (ow - 1) + 1:s]
                     for dy in range(k) for dx in range(k)], axis=2)      # oh, ow, k*k, i
    return cols.reshape(oh, ow, k * k * i) @ w.reshape(o, k * k * i).T + b


def depthwise(x, w, b, s):
    """Depthwise conv; w is [1, kh, kw, C]. Accumulates one tap at a time."""
    k = w.shape[1]
    p, oh, ow = same_pad(x, k, s)
    y = np.broadcast_to(b, (oh, ow, b.size)).copy()
    for dy in range(k):
        for dx in range(k):
            y += p[dy:dy + s * (oh - 1) + 1:s, dx:dx + s * (ow - 1) + 1:s] * w[0, dy, dx]
    return y


def forward(tensors, arch, x, dtype=np.float64):
    """x: normalized (res, res, 3). Returns 1000 logits (dtype)."""
    T = {n: a.astype(dtype) for n, a in tensors.items()}
    x = relu6(conv(x.astype(dtype), T["stem.weight"], T["stem.bias"], 2))
    for i, blk in enumerate(arch["blocks"]):
        p = f"blocks.{i}."
        inp = x
        if blk["expand_ratio"] != 1:
            x = relu6(conv(x, T[p + "expand.weight"], T[p + "expand.bias"], 1))
        x = relu6(depthwise(x, T[p + "depthwise.weight"], T[p + "depthwise.bias"], blk["stride"]))
        x = conv(x, T[p + "project.weight"], T[p + "project.bias"], 1)
        if blk["stride"] == 1 and blk["input_channels"] == blk["output_channels"]:
            x = x + inp
    x = relu6(conv(x, T["head.weight"], T["head.bias"], 1))
    pooled = x.mean(axis=(0, 1))
    return pooled @ T["classifier.weight"].T + T["classifier.bias"]


def run(artifact, x, dtype=np.float64):
    """Convenience: artifact path + raw .npy content -> float32 logits."""
    tensors, meta = load_artifact(artifact)
    if meta.get("precision", "fp32") != "fp32":
        raise ValueError(f"reference supports fp32 artifacts only (got {meta.get('precision')})")
    return forward(tensors, architecture(meta), prepare_input(x, meta), dtype).astype(np.float32)


def top5(logits):
    z = logits.astype(np.float64)
    p = np.exp(z - z.max())
    p /= p.sum()
    idx = np.argsort(-z)[:5]
    return [(int(i), float(p[i]), float(z[i])) for i in idx]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--artifact", required=True)
    ap.add_argument("--input", required=True, help="uint8 HxWx3 photo or normalized float32 .npy")
    ap.add_argument("--logits-out", required=True)
    ap.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    a = ap.parse_args(argv)
    logits = run(a.artifact, np.load(a.input), np.dtype(a.dtype).type)
    np.save(a.logits_out, logits)
    print("top-5 (class id, probability, logit):")
    for i, p, z in top5(logits):
        print(f"  {i:4d}  {p:.4f}  {z:8.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

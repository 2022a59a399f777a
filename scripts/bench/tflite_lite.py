"""LiteRT side of the benchmarks: a `.tflite` writer for EffFleet artifacts, without TensorFlow.

Writes a TFLite flatbuffer equivalent to an EffFleet artifact (Docs/ARTIFACT.md) from the
artifact's own tensors, with the TFLite schema's object API that `ai-edge-litert` bundles
(`ai_edge_litert.schema_py_generated`) and PyPI `flatbuffers`, and times it with LiteRT's
`Interpreter` (default op resolver, so the XNNPACK delegate takes the graph).

The graph is NHWC, batch 1, float input `input` [1, res, res, 3] (normalized as the artifact's
metadata says) and float output `logits` [1, classes]:

- FP32 artifact: CONV_2D / DEPTHWISE_CONV_2D with SAME padding (TFLite's SAME is TF SAME: the
  extra row and column go to the bottom and right, as Docs/ARTIFACT.md says) and fused RELU6,
  ADD for residuals, MEAN over H and W, FULLY_CONNECTED. The artifact's layouts are TFLite's
  (OHWI filters, [1, kh, kw, C] depthwise filters, [out, in] fully connected weights).
- INT8 artifact: the same graph in TFLite's full-integer convention, from the artifact's own
  quantization parameters: QUANTIZE (float -> int8, the artifact's input scale and zero point),
  int8 activations with one scale and zero point per tensor, int8 per-channel symmetric weights
  (zero point 0; quantized dimension 0 for CONV_2D and FULLY_CONNECTED, 3 for DEPTHWISE_CONV_2D),
  int32 biases with scale input_scale * weight_scale[c], RELU6 fused (clamped through the output
  quantization, as the artifact does), ADD re-quantized to the residual's own parameters, MEAN
  to the classifier's `pooled` parameters, FULLY_CONNECTED to the logits' parameters, and
  DEQUANTIZE to float logits.

Functions for other scripts:

    write_tflite(artifact_path, out_path) -> dict          # graph summary
    time_litert(artifact_path, threads, warmup, runs) -> dict(p50_ms=..., p90_ms=..., ...)
    check_fp32(artifact_path) -> dict                       # LiteRT vs numpy reference
    check_int8(int8_path, fp32_path, photos) -> dict        # top-1 agreement, cosine

or, in a process of its own (two thread pools in one process disturb each other's timings, see
/work/shared/NOTES.md), `python3 scripts/bench/tflite_lite.py time A.safetensors --threads N
--warmup W --runs R` prints time_litert's dict as JSON, and `... write A.safetensors OUT.tflite`
writes a file.

Hooking LiteRT into scripts/bench/engine-vs-onnxruntime (a contender is a function of the thread
count returning a dict with p50_ms): next to the ORT contenders,

    contenders["litert-fp32"] = lambda n: tflite_lite.time_litert(fp32_path, n, a.warmup, a.runs)
    if precision == "int8":
        contenders["litert-int8"] = lambda n: tflite_lite.time_litert(path, n, a.warmup, a.runs)

(or a subprocess running the `time` command above, as engine_bench runs effctl), plus
check_fp32(fp32_path)["ok"] beside the ORT check and LiteRT columns in the tables.
"""
import glob
import hashlib
import json
import os
import struct
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "scripts", "reference"))
import lite_reference as R  # noqa: E402

WRITER_VERSION = 1  # part of the cache key of written files: bump when the graph changes
TFLITE_SCHEMA_VERSION = 3


def _schema():
    from ai_edge_litert import schema_py_generated as S
    return S


# ------------------------------------------------------------------ flatbuffer graph builder

def _aligned_buffer_class(S):
    class AlignedBufferT(S.BufferT):
        """A BufferT whose bytes start on a 16-byte boundary (the generated Pack aligns uint8
        vectors to 1 byte, which would leave float and int32 weights misaligned)."""

        def Pack(self, builder):
            data = None
            if self.data is not None:
                raw = np.ascontiguousarray(self.data).reshape(-1).view(np.uint8).tobytes()
                builder.StartVector(1, len(raw), 16)
                builder.head = builder.head - len(raw)
                builder.Bytes[builder.head:builder.head + len(raw)] = raw
                data = builder.EndVector()
            S.BufferStart(builder)
            if data is not None:
                S.BufferAddData(builder, data)
            return S.BufferEnd(builder)
    return AlignedBufferT


class _Graph:
    """Accumulates tensors, buffers and operators of one subgraph."""

    def __init__(self):
        self.S = S = _schema()
        self.Buffer = _aligned_buffer_class(S)
        self.buffers = [S.BufferT()]  # buffer 0 is the empty buffer, by convention
        self.tensors, self.operators, self.opcodes = [], [], []
        self.opcode_index = {}

    def tensor(self, name, shape, ttype, data=None, quant=None):
        S = self.S
        t = S.TensorT()
        t.name, t.shape, t.type = name, [int(d) for d in shape], ttype
        t.buffer = 0
        if data is not None:
            b = self.Buffer()
            b.data = np.ascontiguousarray(data)
            assert tuple(b.data.shape) == tuple(shape), (name, b.data.shape, shape)
            self.buffers.append(b)
            t.buffer = len(self.buffers) - 1
        t.quantization = quant
        self.tensors.append(t)
        return len(self.tensors) - 1

    def op(self, code, version, inputs, outputs, options_type=0, options=None):
        S = self.S
        key = (code, version)
        if key not in self.opcode_index:
            c = S.OperatorCodeT()
            c.builtinCode = code
            c.deprecatedBuiltinCode = min(code, S.BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES)
            c.version = version
            self.opcode_index[key] = len(self.opcodes)
            self.opcodes.append(c)
        o = S.OperatorT()
        o.opcodeIndex = self.opcode_index[key]
        o.inputs, o.outputs = list(inputs), list(outputs)
        o.builtinOptionsType, o.builtinOptions = options_type, options
        self.operators.append(o)

    def shape(self, t):
        return self.tensors[t].shape

    def finish(self, inputs, outputs, description):
        """Serialized model (bytes)."""
        import flatbuffers
        S = self.S
        sg = S.SubGraphT()
        sg.tensors, sg.operators = self.tensors, self.operators
        sg.inputs, sg.outputs = list(inputs), list(outputs)
        sg.name = "main"
        m = S.ModelT()
        m.version = TFLITE_SCHEMA_VERSION
        m.operatorCodes, m.subgraphs, m.buffers = self.opcodes, [sg], self.buffers
        m.description = description
        size = sum(0 if b.data is None else b.data.nbytes + 32 for b in self.buffers) + (1 << 20)
        builder = flatbuffers.Builder(size)
        builder.Finish(m.Pack(builder), file_identifier=b"TFL3")
        return bytes(builder.Output())


def _quant(S, scale, zero_point, dim=0):
    q = S.QuantizationParametersT()
    q.scale = [float(s) for s in np.atleast_1d(scale)]
    q.zeroPoint = [int(z) for z in np.atleast_1d(zero_point)]
    q.quantizedDimension = dim
    return q


def _same_out(n, s):
    return -(-n // s)


# ------------------------------------------------------------------ the network

def build_tflite(tensors, meta):
    """(serialized .tflite bytes, summary dict) for an FP32 or INT8 artifact's tensors + metadata."""
    arch = R.architecture(meta)
    res = int(meta["resolution"])
    precision = meta.get("precision", "fp32")
    if precision not in ("fp32", "int8"):
        raise ValueError(f"no TFLite graph for precision {precision!r}")
    int8 = precision == "int8"
    g = _Graph()
    S = g.S
    TT, OP, BO, ACT = S.TensorType, S.BuiltinOperator, S.BuiltinOptions, S.ActivationFunctionType
    if int8:
        qmeta = json.loads(meta["quantization"])
        layers = qmeta["layers"]
        if qmeta.get("scheme") != "qs8-qc8":
            raise ValueError(f"unsupported quantization scheme {qmeta.get('scheme')!r}")

    def act_quant(p):
        return _quant(S, np.float32(p["scale"]), p["zero_point"])

    # Every activation tensor: (tensor index, scale or None). The INT8 path needs the input scale
    # of each layer for its bias scale.
    x = g.tensor("input", [1, res, res, 3], TT.FLOAT32)
    graph_input = x
    x_scale = None
    if int8:
        qin = qmeta["input"]
        xq = g.tensor("input_int8", [1, res, res, 3], TT.INT8, quant=act_quant(qin))
        g.op(OP.QUANTIZE, 1, [x], [xq], BO.QuantizeOptions, S.QuantizeOptionsT())
        x, x_scale = xq, np.float32(qin["scale"])

    def conv(x, x_scale, name, stride, depthwise=False, relu6=True):
        w, b = tensors[name + ".weight"], tensors[name + ".bias"]
        _, h, wd, _ = g.shape(x)
        cout = w.shape[3] if depthwise else w.shape[0]
        oshape = [1, _same_out(h, stride), _same_out(wd, stride), cout]
        if int8:
            L = layers[name]
            ws = np.asarray(L["weight_scales"], np.float32)
            assert ws.size == cout, (name, ws.size, cout)
            wt = g.tensor(name + ".weight", w.shape, TT.INT8, w.astype(np.int8),
                          _quant(S, ws, np.zeros(cout, np.int64), 3 if depthwise else 0))
            bscale = np.float64(x_scale) * ws.astype(np.float64)
            bt = g.tensor(name + ".bias", [cout], TT.INT32, b.astype(np.int32),
                          _quant(S, bscale, np.zeros(cout, np.int64), 0))
            out_scale = np.float32(L["output"]["scale"])
            y = g.tensor(name, oshape, TT.INT8, quant=act_quant(L["output"]))
            version = 3
        else:
            wt = g.tensor(name + ".weight", w.shape, TT.FLOAT32, w.astype(np.float32))
            bt = g.tensor(name + ".bias", [cout], TT.FLOAT32, b.astype(np.float32))
            out_scale = None
            y = g.tensor(name, oshape, TT.FLOAT32)
            version = 1
        act = ACT.RELU6 if relu6 else ACT.NONE
        if depthwise:
            o = S.DepthwiseConv2DOptionsT()
            o.depthMultiplier = 1
            opts, code, otype = o, OP.DEPTHWISE_CONV_2D, BO.DepthwiseConv2DOptions
        else:
            o = S.Conv2DOptionsT()
            opts, code, otype = o, OP.CONV_2D, BO.Conv2DOptions
        o.padding, o.strideW, o.strideH, o.fusedActivationFunction = S.Padding.SAME, stride, stride, act
        o.dilationWFactor = o.dilationHFactor = 1
        g.op(code, version, [x, wt, bt], [y], otype, opts)
        return y, out_scale

    x, x_scale = conv(x, x_scale, "stem", 2)
    n_add = 0
    for i, blk in enumerate(arch["blocks"]):
        p = f"blocks.{i}."
        inp = x
        if blk["expand_ratio"] != 1:
            x, x_scale = conv(x, x_scale, p + "expand", 1)
        x, x_scale = conv(x, x_scale, p + "depthwise", blk["stride"], depthwise=True)
        x, x_scale = conv(x, x_scale, p + "project", 1, relu6=False)
        if blk["stride"] == 1 and blk["input_channels"] == blk["output_channels"]:
            if int8:
                rq = layers[p + "project"]["residual_output"]
                y = g.tensor(p + "add", g.shape(x), TT.INT8, quant=act_quant(rq))
                x_scale_new = np.float32(rq["scale"])
            else:
                y = g.tensor(p + "add", g.shape(x), TT.FLOAT32)
                x_scale_new = None
            o = S.AddOptionsT()
            o.fusedActivationFunction = ACT.NONE
            g.op(OP.ADD, 2 if int8 else 1, [x, inp], [y], BO.AddOptions, o)
            x, x_scale = y, x_scale_new
            n_add += 1
    x, x_scale = conv(x, x_scale, "head", 1)

    # global average pool: MEAN over H, W (what converters emit for GlobalAveragePooling2D)
    c = g.shape(x)[3]
    axes = g.tensor("pool_axes", [2], TT.INT32, np.array([1, 2], np.int32))
    if int8:
        Lc = layers["classifier"]
        pooled = g.tensor("pooled", [1, c], TT.INT8, quant=act_quant(Lc["pooled"]))
        x_scale = np.float32(Lc["pooled"]["scale"])
    else:
        pooled = g.tensor("pooled", [1, c], TT.FLOAT32)
    o = S.ReducerOptionsT()
    o.keepDims = False
    g.op(OP.MEAN, 2 if int8 else 1, [x, axes], [pooled], BO.ReducerOptions, o)

    # classifier: FULLY_CONNECTED [out, in] weights (per-channel int8 in the INT8 graph)
    w, b = tensors["classifier.weight"], tensors["classifier.bias"]
    classes = w.shape[0]
    if int8:
        ws = np.asarray(Lc["weight_scales"], np.float32)
        wt = g.tensor("classifier.weight", w.shape, TT.INT8, w.astype(np.int8),
                      _quant(S, ws, np.zeros(classes, np.int64), 0))
        bt = g.tensor("classifier.bias", [classes], TT.INT32, b.astype(np.int32),
                      _quant(S, np.float64(x_scale) * ws.astype(np.float64), np.zeros(classes, np.int64), 0))
        logits_q = g.tensor("logits_int8", [1, classes], TT.INT8, quant=act_quant(Lc["output"]))
    else:
        wt = g.tensor("classifier.weight", w.shape, TT.FLOAT32, w.astype(np.float32))
        bt = g.tensor("classifier.bias", [classes], TT.FLOAT32, b.astype(np.float32))
        logits_q = g.tensor("logits", [1, classes], TT.FLOAT32)
    o = S.FullyConnectedOptionsT()
    o.fusedActivationFunction, o.keepNumDims = ACT.NONE, False
    g.op(OP.FULLY_CONNECTED, 4 if int8 else 1, [pooled, wt, bt], [logits_q], BO.FullyConnectedOptions, o)
    out = logits_q
    if int8:
        out = g.tensor("logits", [1, classes], TT.FLOAT32)
        g.op(OP.DEQUANTIZE, 2, [logits_q], [out], BO.DequantizeOptions, S.DequantizeOptionsT())

    desc = (f"EffFleet {meta.get('variant')} {precision} written by scripts/bench/tflite_lite.py "
            f"(writer {WRITER_VERSION}) from origin {meta.get('origin')}")
    blob = g.finish([graph_input], [out], desc)
    names = {v: k for k, v in vars(OP).items() if not k.startswith("_")}
    counts = {}
    for op in g.operators:
        n = names[g.opcodes[op.opcodeIndex].builtinCode]
        counts[n] = counts.get(n, 0) + 1
    summary = {"variant": meta.get("variant"), "precision": precision, "resolution": res,
               "classes": classes, "ops": counts, "tensors": len(g.tensors), "bytes": len(blob),
               "opcodes": [(names[c.builtinCode], c.version) for c in g.opcodes]}
    return blob, summary


def write_tflite(artifact_path, out_path):
    """Writes the .tflite for an FP32 or INT8 artifact to out_path; returns the graph summary."""
    tensors, meta = R.load_artifact(artifact_path)
    blob, summary = build_tflite(tensors, meta)
    tmp = out_path + ".part"
    with open(tmp, "wb") as f:
        f.write(blob)
    os.replace(tmp, out_path)
    summary["path"] = out_path
    return summary


# ------------------------------------------------------------------ helpers shared with the driver

def read_metadata(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        return json.loads(f.read(n)).get("__metadata__", {})


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def find_fp32_source(int8_path):
    """The FP32 artifact next to an INT8 one whose sha256 is quantization.source_sha256 (or None)."""
    want = json.loads(read_metadata(int8_path).get("quantization", "{}")).get("source_sha256")
    for p in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(int8_path)), "*.safetensors"))):
        if read_metadata(p).get("precision") == "fp32" and file_sha256(p) == want:
            return p
    return None


def tflite_path(artifact_path, out_dir=None):
    """Where the .tflite for an artifact is kept: <out_dir>/<name>-<sha16>-w<writer>.tflite, written
    only when missing (out_dir defaults to a per-user directory under the system temp dir)."""
    out_dir = out_dir or os.path.join(tempfile.gettempdir(), f"efffleet-litert-{os.getuid()}")
    os.makedirs(out_dir, exist_ok=True)
    name = os.path.basename(artifact_path).rsplit(".safetensors", 1)[0]
    path = os.path.join(out_dir, f"{name}-{file_sha256(artifact_path)[:16]}-w{WRITER_VERSION}.tflite")
    if not os.path.exists(path):
        write_tflite(artifact_path, path)
    return path


def random_input(meta, seed=0):
    """A normalized (1, res, res, 3) float32 input from random uint8 pixels (exact in INT8)."""
    res = int(meta["resolution"])
    u8 = np.random.default_rng(seed).integers(0, 256, size=(res, res, 3))
    return ((u8 - float(meta["input_mean"])) / float(meta["input_std"])).astype(np.float32)[None]


# ------------------------------------------------------------------ running and timing

def make_interpreter(model_path, threads=1):
    from ai_edge_litert.interpreter import Interpreter
    it = Interpreter(model_path=model_path, num_threads=threads)
    it.allocate_tensors()
    return it


def delegation(it):
    """How the default delegate took the graph: {"delegate_nodes": n, "whole_graph": bool, ...}.
    whole_graph is true when one DELEGATE node reads the graph's input and writes its output (the
    graph is a chain, so that node runs every operator). Uses the interpreter's private
    _get_ops_details (the execution plan after delegation); informational only."""
    try:
        ops = it._get_ops_details()
    except Exception as e:  # noqa: BLE001
        return {"error": repr(e)}
    dels = [d for d in ops if d["op_name"] == "DELEGATE"]
    gin = {int(d["index"]) for d in it.get_input_details()}
    gout = {int(d["index"]) for d in it.get_output_details()}
    whole = len(dels) == 1 and gin <= {int(i) for i in dels[0]["inputs"]} and gout <= {int(o) for o in dels[0]["outputs"]}
    return {"delegate_nodes": len(dels), "model_ops": len(ops) - len(dels), "whole_graph": bool(whole)}


def run_many(model_path, inputs, threads=1):
    """Float logits (classes,) for each normalized (1, res, res, 3) input, from one interpreter."""
    it = make_interpreter(model_path, threads)
    i, o = it.get_input_details()[0]["index"], it.get_output_details()[0]["index"]
    out = []
    for x in inputs:
        it.set_tensor(i, np.ascontiguousarray(x, np.float32).reshape(it.get_input_details()[0]["shape"]))
        it.invoke()
        out.append(it.get_tensor(o)[0].copy())
    return out


def summarize(times_ms):
    t = np.asarray(times_ms, dtype=np.float64)
    return {"mean_ms": float(t.mean()), "std_ms": float(t.std()), "min_ms": float(t.min()),
            "p50_ms": float(np.percentile(t, 50)), "p90_ms": float(np.percentile(t, 90)),
            "p99_ms": float(np.percentile(t, 99)), "max_ms": float(t.max()), "runs": int(t.size)}


def bench(model_path, x, threads, warmup, runs):
    """Times Interpreter.invoke() at batch 1 (input set once, as TFLite's benchmark_model does);
    returns the same stats dict as ort_lite.bench."""
    t0 = time.perf_counter()
    it = make_interpreter(model_path, threads)
    init_ms = (time.perf_counter() - t0) * 1e3
    it.set_tensor(it.get_input_details()[0]["index"], np.ascontiguousarray(x, np.float32))
    t0 = time.perf_counter()
    it.invoke()
    first_ms = (time.perf_counter() - t0) * 1e3
    for _ in range(warmup):
        it.invoke()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        it.invoke()
        times.append((time.perf_counter() - t0) * 1e3)
    out = summarize(times)
    out.update({"warmup": warmup, "threads": threads, "init_ms": init_ms, "first_ms": first_ms,
                "delegation": delegation(it)})
    return out


def time_litert(artifact_path, threads, warmup=20, runs=200, out_dir=None, seed=0):
    """LiteRT latency of an artifact (FP32 or INT8) at batch 1: writes (or reuses) its .tflite, then
    times it on a random normalized input. Returns ort_lite.bench's dict (p50_ms, p90_ms, ...)."""
    path = tflite_path(artifact_path, out_dir)
    out = bench(path, random_input(read_metadata(artifact_path), seed), threads, warmup, runs)
    out["tflite"] = path
    return out


# ------------------------------------------------------------------ validation

def check_fp32(artifact_path, out_dir=None, seed=0, tolerance=1e-3):
    """LiteRT FP32 vs the numpy reference (float64) on one random normalized input."""
    tensors, meta = R.load_artifact(artifact_path)
    x = random_input(meta, seed)
    ref = R.forward(tensors, R.architecture(meta), x[0].astype(np.float64), np.float64)
    got = run_many(tflite_path(artifact_path, out_dir), [x])[0].astype(np.float64)
    rel = float(np.abs(got - ref).max() / np.abs(ref).max())
    return {"max_rel_diff": rel, "max_abs_diff": float(np.abs(got - ref).max()),
            "top1_ref": int(ref.argmax()), "top1_litert": int(got.argmax()), "ok": rel <= tolerance}


def cosine(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def check_int8(int8_path, fp32_path, photos, out_dir=None):
    """LiteRT INT8 vs the FP32 source (numpy reference, float32) on photos (uint8 HxWx3 .npy):
    top-1 agreement and logit cosine."""
    tensors, meta = R.load_artifact(fp32_path)
    arch = R.architecture(meta)
    inputs = [R.prepare_input(np.load(p), meta).astype(np.float32)[None] for p in photos]
    got = run_many(tflite_path(int8_path, out_dir), inputs)
    ref = [R.forward(tensors, arch, x[0], np.float32) for x in inputs]
    per = [{"photo": os.path.basename(p), "top1_fp32": int(r.argmax()), "top1_int8": int(q.argmax()),
            "cosine": cosine(q, r)} for p, q, r in zip(photos, got, ref)]
    cos = [r["cosine"] for r in per]
    return {"photos": len(per), "agree": sum(r["top1_fp32"] == r["top1_int8"] for r in per),
            "cosine_mean": float(np.mean(cos)) if cos else None,
            "cosine_min": float(np.min(cos)) if cos else None, "per_photo": per}


def main(argv=None):
    import argparse
    ap = argparse.ArgumentParser(description="Write or time the .tflite of an EffFleet artifact.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write", help="write ARTIFACT's .tflite to OUT; print the graph summary")
    w.add_argument("artifact")
    w.add_argument("out")
    t = sub.add_parser("time", help="time ARTIFACT with LiteRT; print the stats as JSON")
    t.add_argument("artifact")
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--warmup", type=int, default=20)
    t.add_argument("--runs", type=int, default=200)
    t.add_argument("--tflite-dir", help="where the .tflite is written and reused")
    a = ap.parse_args(argv)
    if a.cmd == "write":
        print(json.dumps(write_tflite(a.artifact, a.out)))
    else:
        print(json.dumps(time_litert(a.artifact, a.threads, a.warmup, a.runs, a.tflite_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

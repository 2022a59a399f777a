"""ONNX Runtime side of scripts/bench/engine-vs-onnxruntime.

Builds an NCHW ONNX graph equivalent to an EffFleet artifact (Docs/ARTIFACT.md) from the
artifact's own tensors, and times it with ONNX Runtime.
"""
import os
import shutil
import tempfile
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
IR_VERSION = 8  # old enough for any recent onnxruntime


def tf_same_pads(h, w, k, s):
    """ONNX pads [top, left, bottom, right] for TF SAME, plus the output size."""
    pads, outs = [], []
    for n in (h, w):
        out = -(-n // s)
        total = max((out - 1) * s + k - n, 0)
        pads.append((total // 2, total - total // 2))
        outs.append(out)
    (t, b), (l, r) = pads
    return [t, l, b, r], outs[0], outs[1]


def build_onnx(tensors, arch, res):
    """fp32 ONNX model (input 'input' 1x3xresxres NCHW, output 'logits' 1x1000)."""
    nodes, inits = [], []
    counter = [0]

    def init(name, arr):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr, dtype=np.float32), name))
        return name

    def fresh(prefix):
        counter[0] += 1
        return f"{prefix}_{counter[0]}"

    init("relu6_min", np.array(0.0, np.float32))
    init("relu6_max", np.array(6.0, np.float32))

    def conv(x, hw, name, stride, groups=1, act=True):
        w = tensors[name + ".weight"]
        if groups == 1:
            w_oihw = w.transpose(0, 3, 1, 2)            # OHWI -> OIHW
        else:
            w_oihw = w.transpose(3, 0, 1, 2)            # [1,kh,kw,C] -> [C,1,kh,kw]
        k = w_oihw.shape[2]
        pads, oh, ow = tf_same_pads(hw[0], hw[1], k, stride)
        y = fresh(name)
        nodes.append(helper.make_node(
            "Conv", [x, init(name + ".weight", w_oihw), init(name + ".bias", tensors[name + ".bias"])], [y],
            name=name, kernel_shape=[k, k], strides=[stride, stride], pads=pads, group=groups))
        if act:
            z = fresh(name + "_relu6")
            nodes.append(helper.make_node("Clip", [y, "relu6_min", "relu6_max"], [z]))
            y = z
        return y, (oh, ow)

    x, hw = conv("input", (res, res), "stem", 2)
    for i, blk in enumerate(arch["blocks"]):
        p = f"blocks.{i}."
        inp = x
        if blk["expand_ratio"] != 1:
            x, hw = conv(x, hw, p + "expand", 1)
        hidden = blk["input_channels"] * blk["expand_ratio"]
        x, hw = conv(x, hw, p + "depthwise", blk["stride"], groups=hidden)
        x, hw = conv(x, hw, p + "project", 1, act=False)
        if blk["stride"] == 1 and blk["input_channels"] == blk["output_channels"]:
            y = fresh(p + "add")
            nodes.append(helper.make_node("Add", [x, inp], [y]))
            x = y
    x, hw = conv(x, hw, "head", 1)
    nodes.append(helper.make_node("GlobalAveragePool", [x], ["pooled"]))
    nodes.append(helper.make_node("Flatten", ["pooled"], ["flat"], axis=1))
    nodes.append(helper.make_node("Gemm", ["flat", init("classifier.weight", tensors["classifier.weight"]),
                                           init("classifier.bias", tensors["classifier.bias"])],
                                  ["logits"], transB=1))
    graph = helper.make_graph(
        nodes, "efficientnet_lite", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, res, res])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, arch["classes"]])], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="efffleet-bench")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


# ------------------------------------------------------------------ INT8 baselines (static QDQ)

INT8_SCHEMES = ("u8s8", "s8s8")  # activations u8 / s8, weights s8 per channel


def int8_configurations(calibration_inputs=(), cache_prefix=None):
    """ORT INT8 baselines as [(label, make)], make(fp32_onnx_model) -> quantized model.

    calibration_inputs: NCHW float32 arrays (see nchw_input). With cache_prefix, the quantized
    models are kept as <cache_prefix>-<scheme>.onnx and reused on later runs.
    """
    return [(f"ort-int8-qdq-{s}",
             lambda m, s=s: quantize_qdq(m, calibration_inputs, s, cache_prefix and f"{cache_prefix}-{s}.onnx"))
            for s in INT8_SCHEMES]


def quantize_qdq(fp32_model, calibration_inputs, scheme, out_path=None):
    """Static post-training QDQ quantization: per-channel s8 weights, u8 or s8 activations, MinMax
    calibration over calibration_inputs. Loads out_path instead if it already exists."""
    from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat,
                                          QuantType, quantize_static)
    if out_path and os.path.exists(out_path):
        return onnx.load(out_path)

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.feeds = iter([{"input": np.ascontiguousarray(x, np.float32)} for x in calibration_inputs])

        def get_next(self):
            return next(self.feeds, None)

    with tempfile.TemporaryDirectory() as tmp:
        fp32_path, tmp_path = os.path.join(tmp, "fp32.onnx"), os.path.join(tmp, "int8.onnx")
        onnx.save(fp32_model, fp32_path)  # a ModelProto argument would be modified in place
        quantize_static(fp32_path, tmp_path, Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                        weight_type=QuantType.QInt8,
                        activation_type={"u8s8": QuantType.QUInt8, "s8s8": QuantType.QInt8}[scheme],
                        calibrate_method=CalibrationMethod.MinMax)
        if out_path:
            os.makedirs(os.path.dirname(out_path) or ".", exist_ok=True)
            shutil.copyfile(tmp_path, out_path + ".part")
            os.replace(out_path + ".part", out_path)  # atomic: no half-written cache entries
        return onnx.load(tmp_path)


def nchw_input(normalized_hwc):
    """(res, res, 3) normalized input (lite_reference.prepare_input) -> (1, 3, res, res) float32."""
    return np.ascontiguousarray(np.asarray(normalized_hwc, np.float32).transpose(2, 0, 1)[None])


# ------------------------------------------------------------------ running and timing

def make_session(model, threads):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(model.SerializeToString(), sess_options=so, providers=["CPUExecutionProvider"])


def summarize(times_ms):
    t = np.asarray(times_ms, dtype=np.float64)
    return {"mean_ms": float(t.mean()), "std_ms": float(t.std()), "min_ms": float(t.min()),
            "p50_ms": float(np.percentile(t, 50)), "p90_ms": float(np.percentile(t, 90)),
            "p99_ms": float(np.percentile(t, 99)), "max_ms": float(t.max()), "runs": int(t.size)}


def bench(model, x_nchw, threads, warmup, runs):
    """Times session.run at batch 1; returns the engine-compatible stats dict."""
    t0 = time.perf_counter()
    sess = make_session(model, threads)
    init_ms = (time.perf_counter() - t0) * 1e3
    feed = {"input": np.ascontiguousarray(x_nchw, dtype=np.float32)}
    t0 = time.perf_counter()
    sess.run(None, feed)
    first_ms = (time.perf_counter() - t0) * 1e3
    for _ in range(warmup):
        sess.run(None, feed)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        sess.run(None, feed)
        times.append((time.perf_counter() - t0) * 1e3)
    out = summarize(times)
    out.update({"warmup": warmup, "threads": threads, "init_ms": init_ms, "first_ms": first_ms})
    return out


def run_many(model, inputs_nchw, threads=1):
    """Logits (1000,) for each input, from one session."""
    sess = make_session(model, threads)
    return [sess.run(None, {"input": np.ascontiguousarray(x, np.float32)})[0][0] for x in inputs_nchw]


def run_once(model, x_nchw, threads=1):
    return run_many(model, [x_nchw], threads)[0]

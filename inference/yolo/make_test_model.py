"""Writes inference/yolo/testdata/tiny_yolo.onnx: a YOLO-shaped graph (input
"images" [1,3,640,640], output "output0" [1,6,8400], classes "person" and
"sports ball" in the `names` metadata) whose output is a fixed set of boxes,
to test the whole YOLO path without downloading a model.

Run: python3 inference/yolo/make_test_model.py
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# (anchor, cx, cy, w, h, class, score) in letterbox pixels.
BOXES = [
    (100, 320, 320, 40, 40, 1, 0.9),
    (101, 324, 322, 40, 40, 1, 0.8),  # overlaps the first: NMS drops it
    (200, 100, 300, 50, 120, 0, 0.95),  # a person, not a ball
    (300, 500, 250, 20, 20, 1, 0.2),  # below the threshold
    (400, 200, 400, 30, 30, 1, 0.6),
]

idx, upd = [], []
for a, cx, cy, w, h, c, s in BOXES:
    for ch, v in enumerate([cx, cy, w, h]):
        idx.append([0, ch, a])
        upd.append(v)
    idx.append([0, 4 + c, a])
    upd.append(s)

nodes = [
    helper.make_node("ConstantOfShape", ["shape"], ["zeros"], value=helper.make_tensor("v", TensorProto.FLOAT, [1], [0.0])),
    helper.make_node("ScatterND", ["zeros", "idx", "upd"], ["boxes"]),
    helper.make_node("ReduceMean", ["images"], ["mean"], keepdims=0),
    helper.make_node("Mul", ["mean", "zero"], ["nothing"]),
    helper.make_node("Add", ["boxes", "nothing"], ["output0"]),
]
inits = [
    numpy_helper.from_array(np.array([1, 6, 8400], np.int64), "shape"),
    numpy_helper.from_array(np.array(idx, np.int64), "idx"),
    numpy_helper.from_array(np.array(upd, np.float32), "upd"),
    numpy_helper.from_array(np.array(0.0, np.float32), "zero"),
]
graph = helper.make_graph(
    nodes,
    "tiny_yolo",
    [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 640, 640])],
    [helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 6, 8400])],
    inits,
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
model.ir_version = 9
p = model.metadata_props.add()
p.key, p.value = "names", "{0: 'person', 1: 'sports ball'}"
onnx.checker.check_model(model)
onnx.save(model, "inference/yolo/testdata/tiny_yolo.onnx")
print("wrote inference/yolo/testdata/tiny_yolo.onnx")

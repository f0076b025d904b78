"""Shared pieces of the Lanecast training scripts: data loading, the
augmentations that imitate what VP8 and real halls do to frames, and ONNX
export with metadata. Inputs are planar Y, U, V bytes; the model sees
(b - 128) / 128, exactly as inference/models/i420_sample.ts writes them."""
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(int(os.environ.get("TRAIN_THREADS", "1")))


def load(dir_, name, shape, label_cols):
    x = np.fromfile(f"{dir_}/{name}_x.u8", np.uint8).reshape(-1, *shape)
    y = np.fromfile(f"{dir_}/{name}_y.f32", np.float32).reshape(-1, label_cols)
    return torch.from_numpy(x), torch.from_numpy(y)


def to_input(xb):
    return (xb.float() - 128.0) / 128.0


def _blur(x, sigma):
    k = torch.arange(-2, 3, dtype=torch.float32)
    w = torch.exp(-(k**2) / (2 * sigma * sigma))
    w = w / w.sum()
    c = x.shape[1]
    x = F.conv2d(F.pad(x, (2, 2, 0, 0), mode="replicate"), w.view(1, 1, 1, 5).repeat(c, 1, 1, 1), groups=c)
    return F.conv2d(F.pad(x, (0, 0, 2, 2), mode="replicate"), w.view(1, 1, 5, 1).repeat(c, 1, 1, 1), groups=c)


def augment(x, g):
    """x: float batch (N, 3, H, W) in model units. Per-sample random light,
    colour cast, blur, blockiness (codec-like quantisation), noise."""
    n = x.shape[0]
    r = lambda *s: torch.rand(*s, generator=g)
    gain = 0.8 + 0.4 * r(n, 1, 1, 1)
    off = (r(n, 1, 1, 1) - 0.5) * 0.2
    x = x.clone()
    x[:, :1] = x[:, :1] * gain + off
    x[:, 1:] = x[:, 1:] * (0.85 + 0.3 * r(n, 1, 1, 1)) + (r(n, 2, 1, 1) - 0.5) * 0.08
    # Blur a random half.
    m = r(n) < 0.5
    if m.any():
        x[m] = _blur(x[m], 0.5 + 0.8 * float(r(1)))
    # Block averaging blended in: the flat 4×4/8×8 blocks of a starved encoder.
    m = r(n) < 0.3
    if m.any():
        b = 4 if float(r(1)) < 0.6 else 8
        xs = x[m]
        h, w = xs.shape[2] // b * b, xs.shape[3] // b * b
        avg = F.interpolate(F.avg_pool2d(xs[:, :, :h, :w], b), scale_factor=b, mode="nearest")
        a = 0.2 + 0.5 * float(r(1))
        xs[:, :, :h, :w] = (1 - a) * xs[:, :, :h, :w] + a * avg
        # Coarse quantisation of the luma residual.
        q = 0.02 + 0.04 * float(r(1))
        xs[:, :1] = torch.round(xs[:, :1] / q) * q
        x[m] = xs
    x = x + torch.randn(x.shape, generator=g) * (0.04 * r(n, 1, 1, 1))
    return x.clamp(-1, 1)


def export(model, example, path, input_name, output_names, dynamic_out, meta):
    model.eval()
    torch.onnx.export(
        model,
        example,
        path,
        input_names=[input_name],
        output_names=output_names,
        dynamic_axes={input_name: {0: "batch"}, **{o: {0: "batch"} for o in dynamic_out}},
        opset_version=17,
        dynamo=False,
    )
    import onnx

    m = onnx.load(path)
    m.ir_version = 9  # onnxruntime-node 1.30 reads IR ≤ 10
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key = k
        p.value = v if isinstance(v, str) else json.dumps(v)
    onnx.save(m, path)
    return os.path.getsize(path)


def train_loop(model, n, epochs, g, batch_loss, after_epoch, lr=2e-3, max_lr=3e-3, bs=128):
    """AdamW with a one-cycle schedule over `n` samples in random batches of
    `bs`: batch_loss(idx) gives a batch's loss, after_epoch(epoch, mean_loss,
    clock) reports. Returns the clock (training time)."""
    opt = torch.optim.AdamW(model.parameters(), lr, weight_decay=1e-4)
    steps = epochs * ((n + bs - 1) // bs)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr, total_steps=steps)
    clock = Timer()
    for ep in range(epochs):
        model.train()
        perm = torch.randperm(n, generator=g)
        total = 0.0
        for i in range(0, n, bs):
            idx = perm[i:i + bs]
            loss = batch_loss(idx)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        after_epoch(ep + 1, total / n, clock)
    return clock


class Timer:
    def __init__(self):
        self.t = time.time()

    def __str__(self):
        return f"{self.seconds():.0f} s"

    def seconds(self):
        return round(time.time() - self.t)


def data_record(root, dirs):
    """Seeds, settings and counts of the data folders, from their meta.json."""
    out = {}
    for d in dirs:
        path = f"{root}/{d}/meta.json"
        if os.path.exists(path):
            with open(path) as f:
                out[d] = json.load(f)
    return out

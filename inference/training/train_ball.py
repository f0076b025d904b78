"""Trains the ball detector: a small fully convolutional net over the lane
window (3×192×80, Y U V) that outputs, per 4×4 cell, P(ball centre here),
the centre's offset within the cell, log radius (CenterNet style) and the
share of the ball that shows (a ball half hidden by the bowler is found, but
its centre is less sure: the path fit weights it down). Exports ONNX (input
"lane" [N,3,192,80], output "ball" [N,5,48,20]: sigmoid score, x offset 0…1,
y offset 0…1, ln radius in input pixels, visible share 0…1) and writes the
held-out metrics.

Run: python3 inference/training/train_ball.py [data/training] [--epochs 16]
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import augment, data_record, export, load, to_input, train_loop

H, W, S = 192, 80, 4
CROP = 64
GH, GW = H // S, W // S
# Image pixels per input pixel at 640×360 (the lane region is ≈ 335 px tall).
IMAGE_PX_PER_INPUT_PX = 335 / 192


def block(i, o, s=1, d=1):
    return nn.Sequential(nn.Conv2d(i, o, 3, s, d, dilation=d, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))


class BallNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(block(3, 8, 2), block(8, 16, 2), block(16, 24), block(24, 24, 1, 2))
        self.head = nn.Conv2d(24, 5, 1)
        nn.init.constant_(self.head.bias, 0.0)
        with torch.no_grad():
            self.head.bias[0] = -4.0

    def raw(self, x):
        return self.head(self.body(x))

    def forward(self, x):
        r = self.raw(x)
        return torch.cat([torch.sigmoid(r[:, :3]), r[:, 3:4], torch.sigmoid(r[:, 4:])], 1)


def crops(x, y, g, size=CROP):
    """Training crops (the net is fully convolutional): most that hold a ball
    contain it, the rest are anywhere. Origins on the 4-pixel grid."""
    n = len(x)
    xs = torch.empty(n, 3, size, size, dtype=x.dtype)
    ys = y.clone()
    for i in range(n):
        hold = float(y[i, 0]) != 0 and float(torch.rand(1, generator=g)) < 0.85
        if hold:
            lo_y = max(0, int(y[i, 2]) - size + 8)
            hi_y = min(H - size, int(y[i, 2]) - 8)
            oy = int(torch.randint(lo_y, max(lo_y, hi_y) + 1, (1,), generator=g)) if hi_y >= lo_y else int(torch.randint(0, H - size + 1, (1,), generator=g))
        else:
            oy = int(torch.randint(0, H - size + 1, (1,), generator=g))
        ox = int(torch.randint(0, W - size + 1, (1,), generator=g))
        oy, ox = min(H - size, oy // S * S), min(W - size, ox // S * S)
        xs[i] = x[i, :, oy:oy + size, ox:ox + size]
        ys[i, 1] -= ox
        ys[i, 2] -= oy
        if y[i, 0] != 0 and not (0 <= ys[i, 1] < size and 0 <= ys[i, 2] < size):
            ys[i, 0] = 0
    return xs, ys


def targets(y, gh=GH, gw=GW):
    """Heat targets (N, gh, gw), centre mask, offsets, ln radius; ignore mask per sample."""
    n = len(y)
    heat = torch.zeros(n, gh, gw)
    gy, gx = torch.meshgrid(torch.arange(gh).float(), torch.arange(gw).float(), indexing="ij")
    pos = y[:, 0] == 1
    cx, cy, r = y[:, 1] / S, y[:, 2] / S, y[:, 3].clamp(min=0.5)
    ix = cx.floor().clamp(0, gw - 1).long()
    iy = cy.floor().clamp(0, gh - 1).long()
    for i in torch.nonzero(pos).flatten().tolist():
        sig = max(0.6, float(r[i]) / S * 0.5)
        heat[i] = torch.exp(-(((gx + 0.5 - cx[i]) ** 2 + (gy + 0.5 - cy[i]) ** 2) / (2 * sig * sig)))
        heat[i, iy[i], ix[i]] = 1.0
    return heat, pos, ix, iy, cx - ix, cy - iy, torch.log(r), y[:, 0] >= 0, y[:, 0] != 0


def loss_fn(raw, y):
    heat, pos, ix, iy, ox, oy, lr, keep, seen = targets(y, raw.shape[2], raw.shape[3])
    p = torch.sigmoid(raw[:, 0]).clamp(1e-5, 1 - 1e-5)
    is_c = heat == 1.0
    l_pos = -((1 - p) ** 2) * torch.log(p) * is_c
    l_neg = -((1 - heat) ** 4) * (p**2) * torch.log(1 - p) * (~is_c)
    k = keep.float().view(-1, 1, 1)
    heat_loss = ((l_pos + l_neg) * k).sum() / max(1, int(pos.sum()))
    if pos.any():
        idx = torch.nonzero(pos).flatten()
        at = raw[idx, :, iy[idx], ix[idx]]
        reg = F.l1_loss(torch.sigmoid(at[:, 1]), ox[idx]) + F.l1_loss(torch.sigmoid(at[:, 2]), oy[idx])
        reg = reg + 0.5 * F.l1_loss(at[:, 3], lr[idx])
    else:
        reg = torch.zeros(())
    # Visible share at the centre cell of every ball in the crop, found or ignored.
    if seen.any():
        idx = torch.nonzero(seen).flatten()
        vis = F.binary_cross_entropy_with_logits(raw[idx, 4, iy[idx], ix[idx]], y[idx, 5].clamp(0, 1))
    else:
        vis = torch.zeros(())
    return heat_loss + reg + 0.5 * vis


def peaks(out):
    """Best cell per sample: score, x, y, radius in input pixels."""
    n = out.shape[0]
    flat = out[:, 0].reshape(n, -1)
    score, idx = flat.max(1)
    iy, ix = idx // GW, idx % GW
    ar = torch.arange(n)
    x = (ix.float() + out[ar, 1, iy, ix]) * S
    y = (iy.float() + out[ar, 2, iy, ix]) * S
    return score, x, y, torch.exp(out[ar, 3, iy, ix]), out[ar, 4, iy, ix]


def evaluate(model, x, y, bs=256):
    model.eval()
    outs = []
    with torch.no_grad():
        for i in range(0, len(x), bs):
            outs.append(model(to_input(x[i:i + bs])))
    score, px, py, pr, pv = peaks(torch.cat(outs))
    keep = y[:, 0] >= 0
    pos = y[:, 0] == 1
    err = torch.hypot(px - y[:, 1], py - y[:, 2])
    near = err <= torch.clamp(y[:, 3], min=2.5)
    res = {"samples": int(keep.sum()), "positives": int(pos.sum()), "curve": []}
    for th in [0.1, 0.2, 0.3, 0.4, 0.5, 0.7]:
        det = (score >= th) & keep
        tp = det & pos & near
        res["curve"].append({
            "threshold": th,
            "recall": round(float(tp.sum()) / max(1, int(pos.sum())), 4),
            "precision": round(float(tp.sum()) / max(1, int(det.sum())), 4),
        })
    tp = (score >= 0.3) & pos & near
    if not tp.any():
        return res
    e = err[tp] * IMAGE_PX_PER_INPUT_PX
    far = tp & (y[:, 2] < 60)  # the far third of the lane (ball small)
    res["centreErrorPx"] = {
        "mean": round(float(e.mean()), 3),
        "p95": round(float(e.quantile(0.95)), 3),
        "farThirdMean": round(float((err[far] * IMAGE_PX_PER_INPUT_PX).mean()), 3) if far.any() else None,
    }
    rerr = (pr[tp] - y[tp, 3]).abs() * IMAGE_PX_PER_INPUT_PX
    res["radiusErrorPx"] = round(float(rerr.mean()), 3)
    res["visibleShareMae"] = round(float((pv[tp] - y[tp, 5]).abs().mean()), 4)
    low = tp & (y[:, 5] < 0.7)
    res["lowVisibility"] = {
        "truthBelow0.7": int(low.sum()),
        "predictedBelow0.75": round(float((pv[low] < 0.75).float().mean()), 4) if low.any() else None,
        "fullyVisiblePredictedBelow0.75": round(float((pv[tp & (y[:, 5] > 0.9)] < 0.75).float().mean()), 4),
    }
    return res


def main():
    root = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "data/training"
    epochs = int(sys.argv[sys.argv.index("--epochs") + 1]) if "--epochs" in sys.argv else 16
    torch.manual_seed(1)
    g = torch.Generator().manual_seed(3)
    tx, ty = load(f"{root}/train", "ball", (3, H, W), 6)
    extra = f"{root}/train_ball"  # more shots (generate.ts into train_ball/), when present
    if os.path.exists(f"{extra}/ball_x.u8"):
        ex, ey = load(extra, "ball", (3, H, W), 6)
        tx, ty = torch.cat([tx, ex]), torch.cat([ty, ey])
    hx, hy = load(f"{root}/heldout", "ball", (3, H, W), 6)
    print(f"train {len(tx)} held-out {len(hx)}")
    model = BallNet()

    def batch_loss(idx):
        cx, cy = crops(tx[idx], ty[idx], g)
        return loss_fn(model.raw(augment(to_input(cx), g)), cy)

    def after_epoch(ep, loss, clock):
        print(f"epoch {ep}: loss {loss:.4f} ({clock})", flush=True)

    clock = train_loop(model, len(tx), epochs, g, batch_loss, after_epoch, lr=3e-3, max_lr=4e-3, bs=64)
    held = evaluate(model, hx, hy)
    size = export(
        model,
        torch.zeros(1, 3, H, W),
        "inference/models/ball.onnx",
        "lane",
        ["ball"],
        ["ball"],
        {"lanecast.model": "ball-cnn", "lanecast.input": "lane region, Y U V (b-128)/128, 3x192x80"},
    )
    record = {
        "data": data_record(root, ['train', 'train_ball', 'heldout']),
        "model": "inference/models/ball.onnx",
        "bytes": size,
        "epochs": epochs,
        "trainSamples": len(tx),
        "heldOut": held,
        "trainSeconds": clock.seconds(),
    }
    with open("inference/models/ball_record.json", "w") as f:
        json.dump(record, f, indent=2)
    print(json.dumps(held, indent=1))


if __name__ == "__main__":
    main()

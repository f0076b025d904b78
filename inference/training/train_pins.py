"""Trains the pin classifier: a small CNN that reads the whole rack window
(3×40×80, Y U V) and answers P(standing) for pins 1…10. Calibrates a
temperature on the last seeds of the training data, exports ONNX (input
"rack" [N,3,40,80], output "standing" [N,10] probabilities) and writes the
held-out metrics.

Run: python3 inference/training/train_pins.py [data/training] [--epochs 10]
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import augment, data_record, export, load, to_input, train_loop

H, W = 40, 80
# Pin centres in the rack window (16 px per foot), for occlusion targets.
PIN_X = [40 - (row - 2 * pos) * 0.5 * 16 for row, pos in
         [(0, 0), (1, 0), (1, 1), (2, 0), (2, 1), (2, 2), (3, 0), (3, 1), (3, 2), (3, 3)]]


def block(i, o, s):
    return nn.Sequential(nn.Conv2d(i, o, 3, s, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))


class PinNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            block(3, 16, 2), block(16, 24, 1), block(24, 32, 2), block(32, 48, 2)
        )
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(48 * 5 * 10, 10)
        self.register_buffer("inv_temp", torch.ones(1))

    def logits(self, x):
        return self.fc(self.drop(self.features(x).flatten(1)))

    def forward(self, x):
        return torch.sigmoid(self.logits(x) * self.inv_temp)


def occlude(x, t, g):
    """Random boxes over part of the rack; pins under them get target 0.5."""
    n = x.shape[0]
    t = t.clone()
    for i in torch.nonzero(torch.rand(n, generator=g) < 0.15).flatten().tolist():
        w = int(torch.randint(6, 30, (1,), generator=g))
        h = int(torch.randint(10, 40, (1,), generator=g))
        x0 = int(torch.randint(0, W - w, (1,), generator=g))
        y0 = int(torch.randint(0, H - h, (1,), generator=g))
        x[i, :, y0:y0 + h, x0:x0 + w] = (torch.rand(3, 1, 1, generator=g) * 2 - 1) * torch.tensor([[[0.8]], [[0.3]], [[0.3]]])
        covers_body = y0 <= 24 and y0 + h >= 30  # the pins' bodies lie in rows ≈ 12…32
        for p, px in enumerate(PIN_X):
            if covers_body and x0 <= px - 2 and x0 + w >= px + 2:
                t[i, p] = 0.5
    return x, t


def evaluate(model, x, y, bs=512):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), bs):
            out.append(model(to_input(x[i:i + bs])))
    return torch.cat(out)


def metrics(p, y):
    truth = y[:, :10] > 0.5
    pred = p > 0.5
    conf_pin = torch.maximum(p, 1 - p)
    conf = conf_pin.min(1).values
    exact = (pred == truth).all(1)
    res = {
        "samples": len(y),
        "pinAccuracy": [round(float(v), 5) for v in (pred == truth).float().mean(0)],
        "exactStateRate": round(float(exact.float().mean()), 5),
        "curve": [],
    }
    for th in [0.5, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999]:
        m = conf >= th
        res["curve"].append({
            "threshold": th,
            "coverage": round(float(m.float().mean()), 5),
            "exactWhenConfident": round(float(exact[m].float().mean()) if m.any() else 1.0, 5),
            "wrongConfident": int((~exact & m).sum()),
        })
    return res


def main():
    root = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "data/training"
    epochs = int(sys.argv[sys.argv.index("--epochs") + 1]) if "--epochs" in sys.argv else 10
    torch.manual_seed(1)
    g = torch.Generator().manual_seed(2)
    x, y = load(f"{root}/train", "pins", (3, H, W), 11)
    hx, hy = load(f"{root}/heldout", "pins", (3, H, W), 11)
    nval = len(x) // 10  # the last seeds of train/ calibrate the temperature
    tx, ty, vx, vy = x[:-nval], y[:-nval], x[-nval:], y[-nval:]
    extra = f"{root}/train_pins"  # pins-only shots (generate.ts --pins-only), when present
    if os.path.exists(f"{extra}/pins_x.u8"):
        ex, ey = load(extra, "pins", (3, H, W), 11)
        tx, ty = torch.cat([tx, ex]), torch.cat([ty, ey])
    print(f"train {len(tx)} calibrate {len(vx)} held-out {len(hx)}")
    model = PinNet()

    def batch_loss(idx):
        xb, t = occlude(augment(to_input(tx[idx]), g), ty[idx, :10], g)
        return F.binary_cross_entropy_with_logits(model.logits(xb), t)

    def after_epoch(ep, loss, clock):
        p = evaluate(model, vx, vy)
        acc = float(((p > 0.5) == (vy[:, :10] > 0.5)).all(1).float().mean())
        print(f"epoch {ep}: loss {loss:.4f} calib exact {acc:.4f} ({clock})", flush=True)

    clock = train_loop(model, len(tx), epochs, g, batch_loss, after_epoch)
    # Temperature: the inverse temperature that minimises the log loss on the calibration seeds.
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model.logits(to_input(vx[i:i + 512])) for i in range(0, len(vx), 512)])
    best = (1e9, 1.0)
    for k in np.linspace(0.3, 2.0, 35):
        nll = float(F.binary_cross_entropy_with_logits(logits * float(k), vy[:, :10]))
        best = min(best, (nll, float(k)))
    model.inv_temp.fill_(best[1])
    print(f"inverse temperature {best[1]:.3f}")
    held = metrics(evaluate(model, hx, hy), hy)
    calib = metrics(evaluate(model, vx, vy), vy)
    size = export(
        model,
        torch.zeros(1, 3, H, W),
        "inference/models/pins.onnx",
        "rack",
        ["standing"],
        ["standing"],
        {"lanecast.model": "pins-cnn", "lanecast.input": "rack window 5x2.5 ft, Y U V (b-128)/128, 3x40x80"},
    )
    record = {
        "data": data_record(root, ['train', 'train_pins', 'heldout']),
        "model": "inference/models/pins.onnx",
        "bytes": size,
        "epochs": epochs,
        "inverseTemperature": best[1],
        "trainSamples": len(tx),
        "calibration": calib,
        "heldOut": held,
        "trainSeconds": clock.seconds(),
    }
    with open("inference/models/pins_record.json", "w") as f:
        json.dump(record, f, indent=2)
    print(json.dumps(held, indent=1))


if __name__ == "__main__":
    main()

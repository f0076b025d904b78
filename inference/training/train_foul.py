"""Trains the foul classifier: a small CNN that reads the foul-line window
(3×40×96, Y U V) in frames just after the release and answers P(foul): the
slide foot over the line. Per shot, the sidecar averages the log-odds of the
frames from 0.1 to 1.0 s after the release. Calibrates a temperature on the
last tenth of the training shots, exports ONNX (input "foulline" [N,3,40,96],
output "foul" [N,1] probabilities) and writes the held-out metrics, per frame
and per shot.

Run: python3 inference/training/train_foul.py [data/training] [--epochs 12]
"""
import json
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from common import augment, data_record, export, load, to_input, train_loop

H, W = 40, 96
# The frames a shot's answer is made of (seconds after the release).
SHOT_FROM_S, SHOT_TO_S = 0.1, 1.0


def block(i, o, s):
    return nn.Sequential(nn.Conv2d(i, o, 3, s, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))


class FoulNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            block(3, 16, 2), block(16, 24, 1), block(24, 32, 2), block(32, 48, 2), block(48, 48, 1)
        )
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(48 * 5 * 12, 1)
        self.register_buffer("inv_temp", torch.ones(1))

    def logits(self, x):
        return self.fc(self.drop(self.features(x).flatten(1)))

    def forward(self, x):
        return torch.sigmoid(self.logits(x) * self.inv_temp)


def shot_ids(y):
    """Consecutive samples of one shot: a new shot starts when the time goes back."""
    ids = np.zeros(len(y), np.int64)
    t = y[:, 1].numpy()
    for i in range(1, len(y)):
        ids[i] = ids[i - 1] + (1 if t[i] < t[i - 1] else 0)
    return ids


def all_logits(model, x, bs=512):
    model.eval()
    with torch.no_grad():
        return torch.cat([model.logits(to_input(x[i:i + bs])) for i in range(0, len(x), bs)])[:, 0]


def metrics(logits, y, inv_temp):
    truth = y[:, 0] > 0.5
    p = torch.sigmoid(logits * inv_temp)
    frame_acc = float(((p > 0.5) == truth).float().mean())
    ids = shot_ids(y)
    use = ((y[:, 1] >= SHOT_FROM_S) & (y[:, 1] <= SHOT_TO_S)).numpy()
    shots = []
    for s in np.unique(ids):
        m = (ids == s) & use
        if not m.any():
            continue
        q = float(torch.sigmoid(logits[torch.from_numpy(m)].mean() * inv_temp))
        shots.append((q, bool(truth[torch.from_numpy(m)][0])))
    q = np.array([a for a, _ in shots])
    t = np.array([b for _, b in shots])
    conf = np.maximum(q, 1 - q)
    res = {
        "frames": len(y),
        "frameAccuracy": round(frame_acc, 5),
        "shots": len(shots),
        "fouls": int(t.sum()),
        "shotAccuracy": round(float(((q > 0.5) == t).mean()), 5),
        "missedFouls": int(((q <= 0.5) & t).sum()),
        "falseFouls": int(((q > 0.5) & ~t).sum()),
        "curve": [],
    }
    for th in [0.5, 0.9, 0.98, 0.99]:
        m = conf >= th
        res["curve"].append({
            "threshold": th,
            "coverage": round(float(m.mean()), 5),
            "wrongConfident": int((((q > 0.5) != t) & m).sum()),
        })
    return res


def main():
    root = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "data/training"
    epochs = int(sys.argv[sys.argv.index("--epochs") + 1]) if "--epochs" in sys.argv else 12
    torch.manual_seed(1)
    g = torch.Generator().manual_seed(2)
    x, y = load(f"{root}/foul_train", "foul", (3, H, W), 2)
    hx, hy = load(f"{root}/foul_heldout", "foul", (3, H, W), 2)
    ids = shot_ids(y)
    cut = int(np.searchsorted(ids, ids[-1] * 0.9))  # the last tenth of the shots calibrates
    tx, ty, vx, vy = x[:cut], y[:cut], x[cut:], y[cut:]
    print(f"train {len(tx)} calibrate {len(vx)} held-out {len(hx)}")
    model = FoulNet()

    def batch_loss(idx):
        xb = augment(to_input(tx[idx]), g)
        # Left- and right-handed bowlers: the window is centred on the lane.
        flip = torch.rand(len(idx), generator=g) < 0.5
        xb[flip] = xb[flip].flip(3)
        return F.binary_cross_entropy_with_logits(model.logits(xb)[:, 0], ty[idx, 0])

    def after_epoch(ep, loss, clock):
        m = metrics(all_logits(model, vx), vy, 1.0)
        print(f"epoch {ep}: loss {loss:.4f} calib frames {m['frameAccuracy']:.4f} "
              f"shots {m['shotAccuracy']:.4f} ({clock})", flush=True)

    clock = train_loop(model, len(tx), epochs, g, batch_loss, after_epoch)
    vl = all_logits(model, vx)
    # The temperature is fitted on the frames a verdict is made of (the slide has ended):
    # frames still sliding are ambiguous by nature and would make every answer timid.
    win = (vy[:, 1] >= SHOT_FROM_S) & (vy[:, 1] <= SHOT_TO_S)
    best = (1e9, 1.0)
    for k in np.linspace(0.2, 4.0, 77):
        nll = float(F.binary_cross_entropy_with_logits(vl[win] * float(k), vy[win, 0]))
        best = min(best, (nll, float(k)))
    model.inv_temp.fill_(best[1])
    print(f"inverse temperature {best[1]:.3f}")
    held = metrics(all_logits(model, hx), hy, best[1])
    calib = metrics(vl, vy, best[1])
    size = export(
        model,
        torch.zeros(1, 3, H, W),
        "inference/models/foul.onnx",
        "foulline",
        ["foul"],
        ["foul"],
        {"lanecast.model": "foul-cnn",
         "lanecast.input": "foul-line window 1.5 ft behind to 3 ft past, Y U V (b-128)/128, 3x40x96"},
    )
    record = {
        "data": data_record(root, ["foul_train", "foul_heldout"]),
        "model": "inference/models/foul.onnx",
        "bytes": size,
        "epochs": epochs,
        "inverseTemperature": best[1],
        "shotWindowS": [SHOT_FROM_S, SHOT_TO_S],
        "trainSamples": len(tx),
        "calibration": calib,
        "heldOut": held,
        "trainSeconds": clock.seconds(),
    }
    with open("inference/models/foul_record.json", "w") as f:
        json.dump(record, f, indent=2)
    print(json.dumps(held, indent=1))


if __name__ == "__main__":
    main()

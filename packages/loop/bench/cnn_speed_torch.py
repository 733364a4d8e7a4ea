"""PyTorch side of cnn-speed.ts: the same two-conv network, data, batch and augmentation.

Usage: /usr/bin/python3 cnn_speed_torch.py IMAGES LABELS COUNT EPOCHS FILTERS BATCH THREADS
IMAGES: COUNT x 28 x 28 float32 (0..1), LABELS: COUNT int32, both raw little-endian files written
by cnn-speed.ts. Prints one JSON line per epoch: {"epoch": e, "seconds": s, "loss": l}.
Needs Debian's python3-torch (1.13): apt-get install -y python3-torch.
"""
import json
import math
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

images_path, labels_path = sys.argv[1], sys.argv[2]
count, epochs = int(sys.argv[3]), int(sys.argv[4])
filters = [int(f) for f in sys.argv[5].split(",")]
batch, threads = int(sys.argv[6]), int(sys.argv[7])
torch.set_num_threads(threads)
torch.manual_seed(1)

x_all = torch.from_numpy(np.fromfile(images_path, dtype="<f4").reshape(count, 1, 28, 28))
y_all = torch.from_numpy(np.fromfile(labels_path, dtype="<i4").astype(np.int64))

layers = []
channels, side = 1, 28
for f in filters:
    layers += [nn.Conv2d(channels, f, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
    channels, side = f, side // 2
layers += [nn.Flatten(), nn.Linear(channels * side * side, 128), nn.ReLU(), nn.Dropout(0.3),
           nn.Linear(128, 10)]
model = nn.Sequential(*layers)
optimizer = torch.optim.Adam(model.parameters(), lr=0.002)
steps_per_epoch = math.ceil(count / batch)
total = epochs * steps_per_epoch
shift = 2
step = 0
for epoch in range(1, epochs + 1):
    started = time.perf_counter()
    order = torch.randperm(count)
    loss_sum = 0.0
    for b in range(steps_per_epoch):
        rows = order[b * batch:(b + 1) * batch]
        # Random shifts of up to 2 px with zero fill, as cnn-speed.ts's classifier augments.
        padded = F.pad(x_all[rows], (shift, shift, shift, shift))
        dx = torch.randint(0, 2 * shift + 1, (len(rows),)).tolist()
        dy = torch.randint(0, 2 * shift + 1, (len(rows),)).tolist()
        x = torch.stack([padded[i, :, dy[i]:dy[i] + 28, dx[i]:dx[i] + 28] for i in range(len(rows))])
        for group in optimizer.param_groups:
            group["lr"] = 0.002 * (1 + math.cos(math.pi * step / total)) / 2
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y_all[rows])
        loss.backward()
        optimizer.step()
        loss_sum += loss.item()
        step += 1
    seconds = time.perf_counter() - started
    print(json.dumps({"epoch": epoch, "seconds": seconds, "loss": loss_sum / steps_per_epoch}),
          flush=True)

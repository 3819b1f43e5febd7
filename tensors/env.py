"""The environment variable that picks the lecture's device, named where the
build can read it without importing torch (which takes seconds)."""

DEVICE_ENV = "TENSOR_HERO_DEVICE"  # auto, cpu or cuda: tensors.device reads it

"""The lecture, in order: one entry per scene, each a chapter of the video.

This module imports neither manim nor torch, so tools can list the lecture
quickly. Add a scene by writing ``scenes/<section>.py`` and one line here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    """One scene of the lecture: ``scenes.<module>.<scene>`` titled ``title``."""

    id: str
    module: str
    scene: str
    title: str

    @property
    def path(self) -> str:
        """The scene's file, relative to the repository root."""
        return self.module.replace(".", "/") + ".py"

    def load(self) -> type:
        """Import and return the scene class."""
        return getattr(importlib.import_module(self.module), self.scene)


LECTURE: tuple[Chapter, ...] = (
    # -- Part 1: math foundation
    Chapter("notation-table", "scenes.notation", "NotationTable",
            "The notation, checked by torch"),
    Chapter("sigma-loop", "scenes.notation", "SigmaAsALoop", "Sigma is a loop"),
    Chapter("partial-derivatives", "scenes.notation", "PartialDerivativeSlice",
            "Partial derivatives: hold the others still"),
    Chapter("vectors", "scenes.vectors", "VectorAsArrow",
            "A vector: a length and a direction"),
    # -- Part 2: PyTorch core
    Chapter("tensor-ranks", "scenes.core", "TensorsByRank",
            "Tensors by number of dimensions: from a scalar to a batch of images"),
    Chapter("hadamard-product", "scenes.core", "HadamardProduct",
            "Element-wise (Hadamard) product: A * B"),
    Chapter("broadcasting", "scenes.broadcasting", "BroadcastRowOverMatrix",
            "Broadcasting: stretch, then add"),
    # (matrix multiplication and the chain rule go here)
    Chapter("matmul-row-times-column", "scenes.matmul", "MatmulRowTimesColumn",
            "Matrix multiplication: row times column"),
    Chapter("chain-rule", "scenes.matmul", "ChainRule",
            "The chain rule: gradients multiply along the chain"),
    Chapter("autograd-graph", "scenes.autograd_graph", "ForwardThenBackward",
            "The computation graph, forward and backward"),
    Chapter("gradient-descent", "scenes.descent", "DescendTheLossSurface",
            "Gradient descent on a loss surface"),
    Chapter("fit-a-line", "scenes.training", "FitALine",
            "Running example: fit a line with autograd and SGD"),
    # -- Part 3: memory tables
    Chapter("creation-table", "scenes.cheatsheets", "CreationTable",
            "Memory table: creating tensors"),
    Chapter("shape-ops", "scenes.cheatsheets", "ShapeOperations",
            "Memory table: shape operations"),
    Chapter("operators-autograd", "scenes.cheatsheets", "OperatorsAndAutograd",
            "Memory table: operators and autograd"),
    # -- Part 4: practice questions, levels 1 and 2
    Chapter("practice-level-1", "scenes.practice_basics", "PracticeLevelOne",
            "Practice, level 1: tensor basics (Q1-Q5)"),
    Chapter("practice-level-2", "scenes.practice_operations", "PracticeLevelTwo",
            "Practice, level 2: operations and broadcasting (Q6-Q10)"),
    # -- Part 4: practice questions, levels 3 and 4
    Chapter("practice-level-3", "scenes.practice_autograd", "AutogradPractice",
            "Practice, level 3: autograd (Q11-Q15)"),
    Chapter("practice-level-4", "scenes.practice_applied", "AppliedPractice",
            "Practice, level 4: applied math (Q16-Q20)"),
    # -- Speed hacks and final exam
    Chapter("speed-hacks", "scenes.speed_hacks", "SpeedHacks",
            "Speed hacks and mental models"),
    Chapter("final-exam", "scenes.final_exam", "FinalExam",
            "Final exam: check your intuition"),
)


def by_id() -> dict[str, Chapter]:
    return {c.id: c for c in LECTURE}

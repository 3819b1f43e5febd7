"""The lecture's scenes: manim only, drawing what ``tensors/`` computed.

``scenes.lecture.LECTURE`` is the ordered list of scenes; every scene file
also renders on its own with ``manim -ql scenes/<file>.py <Scene>``.
"""

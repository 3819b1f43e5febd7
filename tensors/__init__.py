"""Everything the lecture shows, computed by real torch calls at render time.

Pure torch: nothing here imports manim. Each section module returns small
frozen dataclasses of named results; ``tensors.fmt`` turns them into the
strings drawn on screen.
"""

"""The lecture's scenes: manim only, drawing what ``tensors/`` computed.

Each module at the top of this package is a scene module, one per chapter or
tight group of chapters; ``scenes.lecture.LECTURE`` is the ordered list of
scenes, and every scene file also renders on its own with
``manim -ql scenes/<file>.py <Scene>``. Beside them: ``scenes.kit`` (the base
scenes and shared mobjects), ``scenes.voice`` (spoken forms, captions,
narration; no manim) and ``scenes.speedups`` (manim's speed patches,
installed by ``LectureScene.setup``).
"""
